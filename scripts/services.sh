#!/usr/bin/env bash
# The services the shared archive's tests use, on loopback ports in DIR (decision 0136):
#   scripts/services.sh up DIR     starts PostgreSQL (scripts/services/postgres.sh) and, where it
#                                  is there, the S3-compatible store (scripts/services/swift.sh);
#                                  prints their NAME=value lines on stdout
#   scripts/services.sh down DIR   stops them and removes what they kept in DIR
# A service that fails to start stops the ones already up and exits non-zero with its reason.
set -euo pipefail

action="${1:-}"
dir="${2:-}"
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 up|down DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
services=("$here/services/postgres.sh")
[ -f "$here/services/swift.sh" ] && services+=("$here/services/swift.sh")

case "$action" in
  up)
    mkdir -p "$dir"
    for service in "${services[@]}"; do
      if ! bash "$service" up "$dir"; then
        echo "$(basename "$service") could not start; stopping the others" >&2
        for other in "${services[@]}"; do bash "$other" down "$dir" >&2 || true; done
        exit 1
      fi
    done
    ;;
  down)
    status=0
    for service in "${services[@]}"; do bash "$service" down "$dir" || status=1; done
    exit "$status"
    ;;
  *)
    echo "usage: $0 up|down DIR" >&2
    exit 2
    ;;
esac
