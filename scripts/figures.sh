#!/usr/bin/env bash
# Regenerates the figures in docs/figures/ from the specs in examples/ (the README and docs show them).
# Sizes are the examples' own; on the software GPU the whole set takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-webgpu.sh
[ -f dist/cli.js ] || npm run build
fig() { node bin/eos-lab.js "$1" "examples/$2.json" --png "docs/figures/$2.png" --quiet "${@:3}"; echo "docs/figures/$2.png"; }
fig bifurcation uv-period-doubling --set sweep.0.count=1024
fig bifurcation minimalist-sharpness
fig basin minimalist-basin
fig basin uv-phase
for L in 2 3 4; do fig bifurcation "chain-cascade-L$L"; done
fig bifurcation valley-ngd
fig bifurcation valley-sqrt
fig bifurcation dln-ghosh
