#!/usr/bin/env bash
# ./dev package: build the Debian package of Baton with CPack.
#   scripts/package.sh BUILD_DIR   -> BUILD_DIR/packages/baton_VERSION_ARCH.deb
# The build folder must be configured and built (./dev build does both).
# Dependencies come from dpkg-shlibdeps (dpkg-dev); the package enables and
# starts nothing at installation (see packaging/debian/).
set -euo pipefail
build_dir=${1:?usage: scripts/package.sh BUILD_DIR}
build_dir=$(cd "$build_dir" && pwd)
if [ ! -f "$build_dir/CPackConfig.cmake" ]; then
  echo "package.sh: $build_dir/CPackConfig.cmake missing: configure and build first (./dev build)" >&2
  exit 1
fi
out=$build_dir/packages
rm -rf "$out/_CPack_Packages"
mkdir -p "$out"
cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$out"
rm -rf "$out/_CPack_Packages"
for deb in "$out"/*.deb; do
  echo
  dpkg-deb --field "$deb" Package Version Architecture Depends Recommends
  echo "  $deb"
done
echo "Install: sudo apt install $out/$(cd "$out" && ls -t ./*.deb | head -n 1 | sed 's|^\./||')"
