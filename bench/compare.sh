#!/usr/bin/env bash
# vaelab vs PyTorch on the same model and machine: a BENCHMARK, not a test (never run it in CI; its
# figures depend on the machine and on everything else running on it). Runs `./vaelab bench` and
# bench/torch_vae.py interleaved (vaelab b32, torch b32, vaelab b128, ... then again), R repetitions,
# and prints medians, min-max and the vaelab/torch ratio. See docs/performance.md.
#
#   bench/compare.sh                       # MLP VAE, batches 32 128 512, 3 repetitions, 1 epoch each
#   bench/compare.sh -r 5 -b 128 -e 1      # options below
#   OMP_NUM_THREADS=2 VAELAB_BENCH_ARGS="--threads 2" bench/compare.sh -b 128     # a vaelab lever
#   VAELAB_ND4J_CLASSIFIER=linux-x86_64-avx2 bench/compare.sh -b 128               # another ND4J build
#   VAELAB=/path/to/launcher bench/compare.sh     # another launcher (e.g. a copy of a built tree, so that
#                                                 # builds in this tree cannot swap the jar under a run)
#
# Options: -r R repetitions (3)   -b "B ..." batch sizes ("32 128 512")   -e N epochs per run (1)
#          -t T PyTorch threads (2)   -o DIR results folder (bench/out/<UTC time>)
#          -m mlp|conv the model (mlp: examples/fashion-mnist-mlp.yaml vs torch --mode mlp; conv: the conv VAE)
#          -V vanilla|occlusion|denoising|laplace the objective (vanilla; the others: bench/configs/VARIANT-MODEL.yaml
#               vs torch --variant VARIANT; laplace builds the tutorial plugin and passes --plugins)
#          -c CONFIG another vaelab config of the same model   -k K also time IWAE with K samples (0)
#          -n M IWAE over the first M test images only (0: all)   -s DIR summarise a finished folder only
#          -w S untimed warm-up training steps on a throw-away model, the same for both (100: the JVM
#               compiles the engine's methods during its first steps)
#          -v R time the test-split evaluation R times in both and take the median (5: one pass takes
#               a fifth of a second, which a busy machine distorts easily)
# Needs: Java 17 + Maven (vaelab), python3-torch and libopenblas0-openmp (PyTorch with a real BLAS; the
# reference BLAS that Debian's torch links by default is 10x slower), dataset-fashion-mnist.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPS=3 BATCHES="32 128 512" EPOCHS=1 TORCH_THREADS=2 OUT="" MODE=mlp VARIANT=vanilla CONFIG="" SUMMARISE="" IWAE=0 IWAE_IMAGES=0 WARMUP=100 EVAL_REPEATS=5
while getopts "r:b:e:t:o:m:V:c:k:n:s:w:v:h" opt; do
  case $opt in
    r) REPS=$OPTARG ;; b) BATCHES=$OPTARG ;; e) EPOCHS=$OPTARG ;; t) TORCH_THREADS=$OPTARG ;; w) WARMUP=$OPTARG ;; v) EVAL_REPEATS=$OPTARG ;;
    o) OUT=$OPTARG ;; m) MODE=$OPTARG ;; V) VARIANT=$OPTARG ;; c) CONFIG=$OPTARG ;; k) IWAE=$OPTARG ;; n) IWAE_IMAGES=$OPTARG ;;
    s) SUMMARISE=$OPTARG ;;
    *) sed -n '2,22p' "$0"; exit 2 ;;
  esac
done
[[ $MODE == mlp || $MODE == conv ]] || { echo "-m must be mlp or conv" >&2; exit 2; }
[[ $VARIANT =~ ^(vanilla|occlusion|denoising|laplace)$ ]] || { echo "-V must be vanilla, occlusion, denoising or laplace" >&2; exit 2; }
if [[ $VARIANT == vanilla ]]; then CONFIG="${CONFIG:-examples/fashion-mnist-$MODE.yaml}"; else CONFIG="${CONFIG:-bench/configs/$VARIANT-$MODE.yaml}"; fi
PLUGIN_ARGS=()
if [[ -n "$SUMMARISE" ]]; then exec python3 "$ROOT/bench/summarize.py" "$SUMMARISE"; fi
OUT="${OUT:-$ROOT/bench/out/$(date -u +%Y-%m-%dT%H-%M-%SZ)}"
mkdir -p "$OUT"
TORCH_LIB=/usr/lib/x86_64-linux-gnu/openblas-openmp
[[ -d $TORCH_LIB ]] || echo "warning: $TORCH_LIB missing (apt-get install libopenblas0-openmp): PyTorch will use the slow reference BLAS" >&2
PY=/usr/bin/python3

echo "results: $OUT"
echo "load before start: $(cut -d' ' -f1-3 /proc/loadavg) (should be near 0: stop other work first)"
{ echo "date: $(date -u)"; echo "host cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"; echo "cores: $(nproc)"
  echo "OMP_NUM_THREADS=${OMP_NUM_THREADS:-<launcher default>} VAELAB_ND4J_CLASSIFIER=${VAELAB_ND4J_CLASSIFIER:-<default>}"
  echo "VAELAB=${VAELAB:-./vaelab} VAELAB_BLAS=${VAELAB_BLAS:-<default>}"
  echo "VAELAB_BENCH_ARGS=${VAELAB_BENCH_ARGS:-} torch threads=$TORCH_THREADS epochs=$EPOCHS reps=$REPS batches=$BATCHES warmup steps=$WARMUP eval repeats=$EVAL_REPEATS"
  echo "model=$MODE variant=$VARIANT config=$CONFIG iwae K=$IWAE images=$IWAE_IMAGES"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) $(git -C "$ROOT" status --porcelain -uno 2>/dev/null | wc -l) modified files"
} > "$OUT/settings.txt"
cat "$OUT/settings.txt"

VAELAB="${VAELAB:-$ROOT/vaelab}"
(cd "$ROOT" && "$VAELAB" --version) >/dev/null        # build first, outside the timings
if [[ $VARIANT == laplace ]]; then                    # the tutorial's plugin jar, as a user would build it
  (cd "$ROOT/examples/plugin-example" && mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests) >&2
  mkdir -p "$OUT/plugins" && cp "$ROOT"/examples/plugin-example/target/laplace-plugin-*.jar "$OUT/plugins/"
  PLUGIN_ARGS=(--plugins "$OUT/plugins")
fi
for ((r = 1; r <= REPS; r++)); do
  for b in $BATCHES; do
    echo "[$r/$REPS] vaelab batch $b  (load $(cut -d' ' -f1 /proc/loadavg))"
    # shellcheck disable=SC2086
    (cd "$ROOT" && "$VAELAB" "${PLUGIN_ARGS[@]}" bench "$CONFIG" --epochs "$EPOCHS" --set training.batchSize="$b" --quiet --warmup-steps "$WARMUP" --eval-repeats "$EVAL_REPEATS" \
        --iwae "$IWAE" --iwae-images "$IWAE_IMAGES" \
        --json "$OUT/vaelab_b${b}_r${r}.json" ${VAELAB_BENCH_ARGS:-}) > "$OUT/vaelab_b${b}_r${r}.log" 2>&1 \
      || { echo "vaelab failed, see $OUT/vaelab_b${b}_r${r}.log" >&2; exit 1; }
    echo "[$r/$REPS] torch  batch $b"
    LD_LIBRARY_PATH=$TORCH_LIB $PY "$ROOT/bench/torch_vae.py" --mode "$MODE" --variant "$VARIANT" --threads "$TORCH_THREADS" --batch "$b" \
        --epochs "$EPOCHS" --warmup "$WARMUP" --eval-repeats "$EVAL_REPEATS" --iwae "$IWAE" --iwae-images "$IWAE_IMAGES" > "$OUT/torch_b${b}_r${r}.log" 2>&1 \
      || { echo "torch failed, see $OUT/torch_b${b}_r${r}.log" >&2; exit 1; }
    grep '^RESULT ' "$OUT/torch_b${b}_r${r}.log" | sed 's/^RESULT //' > "$OUT/torch_b${b}_r${r}.json"
  done
done
python3 "$ROOT/bench/summarize.py" "$OUT" | tee "$OUT/summary.md"
