#!/usr/bin/env bash
# Runs before the test suites (npm's pretest hooks): makes sure the Debian tools the tests use are installed.
# - astropy and h5py (under Debian's /usr/bin/python3) and h5dump read the FITS and HDF5 files we write;
# - ftools-fv ships a real FITS image the reader is checked against;
# - chromium renders the dashboard in the browser test;
# - iproute2 (ip) and nftables (nft) build the small internet of network namespaces (test/helpers/netns/).
# - miniupnpd-nftables is the UPnP router of the port-mapping test (test/helpers/netns/upnp-router.ts).
# As root on a Debian machine the missing packages are installed; otherwise the script stops at once, before any
# test runs, and prints the exact command that installs them. The list is test/tools/debian-packages.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="$here/debian-packages.txt"

packages=()
while read -r line; do
  line="${line%%#*}"
  line="$(echo "$line" | tr -d '[:space:]')"
  [ -n "$line" ] && packages+=("$line")
done < "$list"

if ! command -v dpkg >/dev/null 2>&1; then
  echo "pogs tests: this is not a Debian machine (no dpkg); the tests need these Debian packages or their" >&2
  echo "equivalents at Debian's paths: ${packages[*]}" >&2
  exit 1
fi

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

install_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "pogs tests: missing Debian packages: ${missing[*]}" >&2
  echo "install them, then run the tests again:" >&2
  echo "  sudo sh -c '$install_line'" >&2
  exit 1
fi

echo "pogs tests: installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "pogs tests: installed ${missing[*]}"
