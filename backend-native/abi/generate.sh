#!/bin/sh
# Regenerates backend-native/src/test/resources/io/teardown/backend/windows/jna/windows-x64-abi.txt
# from the mingw-w64 headers (see README.md in this folder). Needs python3 and the cross-compiler.
set -eu
if ! command -v "${MINGW_CC:-x86_64-w64-mingw32-gcc}" >/dev/null 2>&1; then
    echo "generate.sh: x86_64-w64-mingw32-gcc not found; install it with: apt-get install gcc-mingw-w64-x86-64" >&2
    exit 1
fi
exec python3 "$(dirname "$0")/generate.py" "$@"
