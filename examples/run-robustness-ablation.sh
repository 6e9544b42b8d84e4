#!/usr/bin/env bash
# The occlusion and denoising ablations of docs/occlusion-and-denoising.md: every config x seeds 1-3,
# two runs at a time with one thread each (2 cores), then one table per ablation.
#   examples/run-robustness-ablation.sh [OUT_DIR]       (about 20 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-runs/robustness}"
./vaelab --version >/dev/null          # build once before the parallel runs
jobs=()
for seed in 1 2 3; do
  for cfg in examples/occlusion/*.yaml examples/denoising/*.yaml; do
    jobs+=("$cfg $seed")
  done
done
printf '%s\n' "${jobs[@]}" | OMP_NUM_THREADS=1 xargs -P 2 -L 1 sh -c \
  'group=$(basename $(dirname "$0")); ./vaelab train "$0" --quiet --out "'"$OUT"'/$group" --set seed="$1"'
for group in occlusion denoising; do
  echo "## $group"
  ./vaelab table "$OUT/$group"
done
