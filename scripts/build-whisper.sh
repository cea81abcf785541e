#!/usr/bin/env bash
# Builds whisper.cpp's whisper-cli from source for this machine (docs/decisions/0010-whisper-engine.md).
#
# The source comes from the npm registry: the package nodejs-whisper@0.3.1 ships whisper.cpp 1.9.1
# under cpp/whisper.cpp. The tarball is fetched with `npm pack` into a cache folder, checked against
# the sha512 pinned below (the registry's own integrity value for that version), and extracted there;
# cmake builds into vendor/whisper.cpp/build (gitignored). A second run with the same source and
# settings does nothing.
#
#   scripts/build-whisper.sh           # native build (GGML_NATIVE=ON: the CPU this runs on)
#   VOCES_WHISPER_JOBS=4 scripts/build-whisper.sh
#   VOCES_WHISPER_CUDA=1 scripts/build-whisper.sh   # a GPU worker: needs the CUDA toolkit (nvcc);
#                                                   # not measured yet (decision 0147)
#
# Output: vendor/whisper.cpp/build/bin/whisper-cli (static, no shared libraries to carry).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/node24.sh" >/dev/null

package="nodejs-whisper"
version="0.3.1"
whisper_version="1.9.1"
integrity="sha512-ceoilUVraRuR5FnNyXpGQT2auAR48Oc3AQBEmkXnVpSn9iN6yVRzQBFCqVTGWbk6Wdi95NhvwXNzFvuR7erLWw=="

cache="${VOCES_CACHE_DIR:-$HOME/.cache/voces}"
tarball="$cache/npm/$package-$version.tgz"
source_dir="$cache/whisper.cpp-$whisper_version"
build_dir="$root/vendor/whisper.cpp/build"
jobs="${VOCES_WHISPER_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Everything that changes the binary goes into the stamp; a matching stamp means nothing to do.
cmake_args=(
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=OFF
  -DGGML_NATIVE=ON
  -DWHISPER_BUILD_TESTS=OFF
  -DWHISPER_BUILD_EXAMPLES=ON
  -DWHISPER_BUILD_SERVER=OFF
  -DWHISPER_SDL2=OFF
  -DWHISPER_CURL=OFF
  -DGGML_CCACHE=OFF
)
if [ "${VOCES_WHISPER_CUDA:-}" = "1" ]; then
  cmake_args+=(-DGGML_CUDA=ON)
fi
stamp_text="$package@$version $integrity ${cmake_args[*]} $(uname -m)"
stamp="$build_dir/.voces-stamp"
cli="$build_dir/bin/whisper-cli"

if [ -x "$cli" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
  echo "whisper.cpp $whisper_version already built: $cli"
  exit 0
fi

if [ ! -f "$tarball" ]; then
  mkdir -p "$cache/npm"
  echo "Fetching $package@$version (whisper.cpp $whisper_version source) from the npm registry"
  (cd "$cache/npm" && npm pack "$package@$version" --silent >/dev/null)
fi
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "error: $tarball does not match the pinned integrity; delete it and run again." >&2
  echo "  expected $integrity" >&2
  echo "  found    $actual" >&2
  exit 1
fi

if [ ! -f "$source_dir/CMakeLists.txt" ]; then
  rm -rf "$source_dir.partial"
  mkdir -p "$source_dir.partial"
  tar -xzf "$tarball" -C "$source_dir.partial" --strip-components=3 package/cpp/whisper.cpp
  rm -rf "$source_dir"
  mv "$source_dir.partial" "$source_dir"
fi

echo "Building whisper-cli ($whisper_version) with $jobs jobs into $build_dir"
started=$(date +%s)
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" --target whisper-cli --parallel "$jobs" >/dev/null
echo "$stamp_text" >"$stamp"
echo "Built $cli in $(($(date +%s) - started)) s"
"$cli" --help >/dev/null 2>&1 || true
