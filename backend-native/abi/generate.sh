#!/bin/sh
# Regenerates backend-native/src/test/resources/io/teardown/backend/windows/jna/windows-x64-abi.txt
# from the mingw-w64 headers. Needs python3 and the cross-compiler:
#   apt-get install gcc-mingw-w64-x86-64
# See README.md in this folder.
set -eu
exec python3 "$(dirname "$0")/generate.py" "$@"
