#!/usr/bin/env bash
# The one prepared script of a device session (see bench/device/pack.sh): unpacks .gpu/pkg.tar.xz, points Dawn at
# the NVIDIA Vulkan driver and runs, each under its own time limit, most important first: the matrix models'
# bench (issue 7's cases and the larger sizes, against numpy and JAX on the same card), the batched products
# and spectrum pass, the lane-family and sweep cases, and a Lowell & Kastner alignment study past the
# software GPU's sizes; before them the open issues' host and double cases. First, the JAX peer is held to the
# numpy peer on the card (bench/check_peers.py).
# Each writes $OUT/<name>.txt (the device tool brings $OUT back); the limits add up to 570 s, so a
# timeout_s of 590 covers the whole. EOS_DEVICE_ONLY="dln mlp" runs a subset.
set -uo pipefail
OUT=${OUT:-/tmp/eos-device-out}
mkdir -p "$OUT" && OUT=$(cd "$OUT" && pwd) # absolute: the steps run from the unpacked tree
# JAX shares the card with Dawn (the engine keeps its device while a peer runs): no 75 % preallocation.
export XLA_PYTHON_CLIENT_PREALLOCATE=false
if [ -d .gpu/debs ] && ! ldconfig -p | grep -q libvulkan.so.1; then
  for f in .gpu/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
  /etc/vulkan/icd.d/nvidia_icd.json; do
  [ -f "$icd" ] && export VK_DRIVER_FILES=$icd && break
done
root=/tmp/eos-device
rm -rf "$root" && mkdir -p "$root" && tar xJf .gpu/pkg.tar.xz -C "$root" || exit 1
cd "$root"
export PATH="$root:$PATH"
{ nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv 2>&1; python3 -c 'import jax; print("jax", jax.__version__, jax.devices())' 2>&1; } > "$OUT/machine.txt"

step() { # name seconds command...
  local name=$1 secs=$2
  shift 2
  case " ${EOS_DEVICE_ONLY:-$name} " in *" $name "*) ;; *) return ;; esac
  local t0=$SECONDS
  timeout "$secs" "$@" > "$OUT/$name.txt" 2>&1
  echo "[$name] rc=$? in $((SECONDS - t0)) s" | tee -a "$OUT/steps.txt"
}
step peers 30 python3 bench/check_peers.py # the JAX peer against numpy, on the card
step host 60 node bench/run.js host     # issue 21: the 4096^2 map's fixed cost and host time
step double 60 node bench/run.js double # issue 20: double / single, and the 4096^2 double map on a real GPU
step dln 90 node bench/run.js dln
step mlp 90 node bench/run.js mlp
step matmul 40 node bench/run.js matmul
step eigs 40 node bench/run.js eigs
step lanes 50 node bench/run.js uv
step basin 50 node bench/run.js basin
# Lowell & Kastner past the software GPU: width 64, 64 seeds, N to 4096.
node -e "const s=require('./examples/mlp-lowell-alignment.json'); s.model.width=64;
  s.sweep=[{path:'init.seed',values:[...Array(64).keys()]}]; console.log(JSON.stringify(s))" > /tmp/lowell.json
step lowell 60 node scripts/alignment-study.js /tmp/lowell.json 16,32,64,128,256,512,1024,2048,4096
