#!/usr/bin/env bash
# A 16384 x 16384 basin map (268M lanes) as a Slurm job array of 64 shards, one GPU each, then one merge.
#   sbatch examples/cluster/slurm.sh            # the array
#   sbatch --dependency=afterok:<array job id> --wrap \
#     'npx eos-lab merge out/map/part-* --out out/map/all'
# Each task computes lanes [floor(i L / 64), floor((i + 1) L / 64)) - fixed by the spec and the count alone -
# and writes them to its own directory; a task that was killed continues with --resume when requeued.
#SBATCH --job-name=eos-map
#SBATCH --array=0-63
#SBATCH --gpus=1
#SBATCH --time=00:30:00
#SBATCH --requeue
set -euo pipefail
i=${SLURM_ARRAY_TASK_ID}
npx eos-lab basin examples/cluster/map-16384.json \
  --shard "${i}/64" --out "out/map/part-${i}" --resume --require-gpu --progress json
