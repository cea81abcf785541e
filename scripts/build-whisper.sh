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
#   scripts/build-whisper.sh --package # for a release: every CPU, chosen at run time
#   VOCES_WHISPER_JOBS=4 scripts/build-whisper.sh
#   VOCES_WHISPER_CUDA=1 scripts/build-whisper.sh   # a GPU worker: needs the CUDA toolkit (nvcc);
#                                                   # not measured yet (decision 0147)
#
# Output: vendor/whisper.cpp/build/bin/whisper-cli (static, no shared libraries to carry).
#
# --package (docs/decisions/0168-bundled-whisper-dispatch.md): GGML_BACKEND_DL with
# GGML_CPU_ALL_VARIANTS, so ggml's CPU code is built once per instruction-set level as loadable
# backends (libggml-cpu-haswell.so, -skylakex, -icelake…) and whisper-cli loads the best one the
# CPU it runs on supports. The build goes to $VOCES_CACHE_DIR/whisper.cpp-package-build; whisper-cli,
# its shared libraries and the backends are copied into resources/bin/<platform>-<arch>/ (the folder
# electron-builder's extraResources packages and the engine finder looks in), found there through
# an $ORIGIN run path.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=/dev/null
source "$root/scripts/node24.sh" >/dev/null

package="nodejs-whisper"
version="0.3.1"
whisper_version="1.9.1"
integrity="sha512-ceoilUVraRuR5FnNyXpGQT2auAR48Oc3AQBEmkXnVpSn9iN6yVRzQBFCqVTGWbk6Wdi95NhvwXNzFvuR7erLWw=="

mode=native
case "${1:-}" in
  --package) mode=package ;;
  "") ;;
  *)
    echo "usage: scripts/build-whisper.sh [--package]" >&2
    exit 2
    ;;
esac

cache="${VOCES_CACHE_DIR:-$HOME/.cache/voces}"
tarball="$cache/npm/$package-$version.tgz"
source_dir="$cache/whisper.cpp-$whisper_version"
jobs="${VOCES_WHISPER_JOBS:-$(nproc 2>/dev/null || echo 2)}"

# Node's names, as the engine finder and electron-builder use them: linux-x64, darwin-arm64…
case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) platform=win32 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch="$(uname -m)" ;;
esac

# Everything that changes the binary goes into the stamp; a matching stamp means nothing to do.
common_args=(
  -DCMAKE_BUILD_TYPE=Release
  -DWHISPER_BUILD_TESTS=OFF
  -DWHISPER_BUILD_EXAMPLES=ON
  -DWHISPER_BUILD_SERVER=OFF
  -DWHISPER_SDL2=OFF
  -DWHISPER_CURL=OFF
  -DGGML_CCACHE=OFF
)
if [ "$mode" = package ]; then
  build_dir="$cache/whisper.cpp-package-build"
  out_dir="$root/resources/bin/$platform-$arch"
  origin='$ORIGIN'
  if [ "$platform" = darwin ]; then origin='@loader_path'; fi
  cmake_args=(
    "${common_args[@]}"
    -DBUILD_SHARED_LIBS=ON
    -DGGML_NATIVE=OFF
    -DGGML_BACKEND_DL=ON
    -DGGML_CPU_ALL_VARIANTS=ON
    "-DCMAKE_BUILD_RPATH=$origin"
    -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON
    "-DCMAKE_INSTALL_RPATH=$origin"
  )
else
  build_dir="$root/vendor/whisper.cpp/build"
  out_dir="$build_dir/bin"
  cmake_args=("${common_args[@]}" -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=ON)
fi
# A GPU worker (decision 0147): the CUDA backend beside the CPU one.
if [ "${VOCES_WHISPER_CUDA:-}" = "1" ]; then
  cmake_args+=(-DGGML_CUDA=ON)
fi
stamp_text="$package@$version $integrity ${cmake_args[*]} $(uname -m)"
stamp="$out_dir/.voces-stamp"
cli="$out_dir/whisper-cli"

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

# Each step says what it is doing on its own line: the Settings button shows them as progress.
echo "Building whisper-cli ($whisper_version, $mode) with $jobs jobs into $build_dir"
started=$(date +%s)
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S "$source_dir" -B "$build_dir" "${generator[@]}" "${cmake_args[@]}" >/dev/null
targets=()
if [ "$mode" = package ]; then
  # ggml waits for every CPU variant (they are loaded, not linked): each is built as a step of its
  # own first, so the progress names it, then whisper-cli.
  mapfile -t variants < <(cmake --build "$build_dir" --target help |
    grep -oE '^ggml-cpu-[A-Za-z0-9_]+' | sort -u)
  targets+=("${variants[@]}")
  echo "CPU variants: ${variants[*]}"
fi
targets+=(whisper-cli)
for target in "${targets[@]}"; do
  echo "Building $target"
  # VOCES_WHISPER_PROGRESS=1 (the Models page's build job, decision 0189): cmake's own "[ NN%]"
  # lines come through for the progress bar; a terminal keeps the short summary.
  if [ "${VOCES_WHISPER_PROGRESS:-}" = "1" ]; then
    cmake --build "$build_dir" --target "$target" --parallel "$jobs"
  else
    cmake --build "$build_dir" --target "$target" --parallel "$jobs" >/dev/null
  fi
done
if [ "$mode" = package ]; then
  rm -rf "$out_dir.partial"
  mkdir -p "$out_dir.partial"
  cp -a "$build_dir/bin/whisper-cli" "$out_dir.partial/"
  # whisper's and ggml's shared libraries and every backend, with their version links.
  find "$build_dir" -path "$build_dir/CMakeFiles" -prune -o \
    \( -name '*.so' -o -name '*.so.*' -o -name '*.dylib' -o -name '*.dll' \) -print |
    while read -r library; do cp -a "$library" "$out_dir.partial/"; done
  rm -rf "$out_dir"
  mv "$out_dir.partial" "$out_dir"
fi
echo "$stamp_text" >"$stamp"
echo "Built $cli in $(($(date +%s) - started)) s"
"$cli" --help >/dev/null 2>&1 || true
