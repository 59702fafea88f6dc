#!/usr/bin/env bash
# Makes WebGPU available on a machine without a GPU: Debian's chromium ships SwiftShader (a Vulkan driver on
# the CPU) and Dawn in Node needs the Vulkan loader (libvulkan1). Installs them when missing (root or sudo);
# does nothing when they are present. Used by `npm test` and `npm start`, so a fresh clone needs no hand set-up.
# Also: a font for the figures' text (fonts-dejavu-core) and, for the test that reads .npy output back with
# numpy, Debian's python3-numpy when no python3 on the machine has numpy.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/lib/chromium/vk_swiftshader_icd.json ] || need+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1' || need+=(libvulkan1)
[ -n "$(find /usr/share/fonts -name '*.ttf' -print -quit 2>/dev/null)" ] || need+=(fonts-dejavu-core)
if [ "${EOS_NEED_NUMPY:-0}" = 1 ] && ! python3 -c 'import numpy' 2>/dev/null && ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  need+=(python3-numpy)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "[eos-lab] WebGPU set-up needs ${need[*]}, but this is not a Debian/Ubuntu machine: install them by hand." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "[eos-lab] installing ${need[*]} from Debian (software GPU for WebGPU) ..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
echo "[eos-lab] installed ${need[*]}" >&2
