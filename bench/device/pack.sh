#!/usr/bin/env bash
# Packs what a device session carries to the GPU machine (which has a GPU driver and python with JAX, but no Node
# and no package registry): .gpu/pkg.tar.xz (this machine's node binary, dist/, bench/, bin/, scripts/, examples/,
# package.json and the two runtime packages, Dawn's linux-x64 build only) and .gpu/debs (the Vulkan loader).
# Then: the device tool's run with carry [".gpu/pkg.tar.xz", ".gpu/debs"] and command `bash bench/device/run.sh`.
# Recipe and first figures: shared/device-gpu.md. Run from the project root after `npm install`.
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo /.gpu/ >> .git/info/exclude
npx vite build --logLevel warn
rm -rf .gpu/stage && mkdir -p .gpu/stage/node_modules/webgpu/dist .gpu/debs
cp "$(command -v node)" .gpu/stage/node
cp -r dist bench bin scripts examples package.json .gpu/stage/
cp -r node_modules/wgsl_reflect .gpu/stage/node_modules/
(cd node_modules/webgpu && cp -r package.json index.js types.d.ts ../../.gpu/stage/node_modules/webgpu/)
cp -r node_modules/webgpu/dist/linux-x64 .gpu/stage/node_modules/webgpu/dist/
tar -C .gpu/stage -cf - . | xz -T2 -6 > .gpu/pkg.tar.xz
rm -rf .gpu/stage
# The Vulkan loader and the GL/EGL libraries Dawn opens, as amd64 .debs (dpkg -x on the device).
lists=$(mktemp -d)
mkdir -p "$lists/partial"
o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists")
apt-get "${o[@]}" update -qq
(cd .gpu/debs && apt-get "${o[@]}" download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
rm -rf "$lists"
ls -la .gpu/pkg.tar.xz .gpu/debs
