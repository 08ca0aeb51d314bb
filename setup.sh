#!/usr/bin/env bash
# One-time set-up on a fresh Debian/Ubuntu machine: installs OpenBLAS when missing, then restores and
# builds memlab in Release. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

have_package() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

if command -v dpkg-query >/dev/null 2>&1; then
  if ! have_package libopenblas0-pthread; then
    if [ "$(id -u)" -eq 0 ]; then
      sudo=""
    elif command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "setup: OpenBLAS (libopenblas0-pthread) is missing and this is not root and has no sudo;" >&2
      echo "setup: ask an administrator to run 'apt-get install libopenblas0-pthread', then run ./setup.sh again" >&2
      exit 1
    fi
    echo "setup: installing OpenBLAS (libopenblas0-pthread) with apt-get"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread
  fi
else
  echo "setup: not a Debian-style system; install OpenBLAS yourself (memlab falls back to a slower managed BLAS without it)" >&2
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required but 'dotnet' is not on PATH; install it (https://dotnet.microsoft.com/download) and run ./setup.sh again" >&2
  exit 1
fi

dotnet build MemLab.sln -c Release -nologo -v quiet
echo "setup: done. Run the tests with: dotnet test MemLab.sln -c Release"
