#!/usr/bin/env bash
# npm run train: the training data, both towers at once, then the int8 files and their figures.
# The two towers train side by side, one thread each: on 2 cores that beat one tower after the other on two threads
# (a 41-step trial of both took 61 s side by side against 89 s one after the other; a tower's small operations do not keep two
# threads busy). Extra arguments go to both train.py runs (e.g. --steps 200). Logs: training/out/{cnn,vit}.log.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-training/out/data}
OUT=${OUT:-models}
THREADS=${TRAIN_THREADS:-1}
start=$(date +%s)
mkdir -p training/out
npx tsx training/make_data.ts "$DATA"
echo "data: $(($(date +%s) - start)) s"

pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
}
trap 'stop; echo "training stopped: the models in $OUT are the old ones (each is swapped in only when complete)" >&2; exit 130' INT TERM
for tower in cnn vit; do
  TRAIN_THREADS=$THREADS /usr/bin/python3 training/train.py --data "$DATA" --out "$OUT" --only "$tower" "$@" >"training/out/$tower.log" 2>&1 &
  pids+=($!)
done
tail -n +1 -f training/out/cnn.log training/out/vit.log &
tailer=$!
failed=0
for i in 0 1; do
  wait "${pids[$i]}" || failed=1
done
kill "$tailer" 2>/dev/null || true
if [ "$failed" = 1 ]; then
  echo "a tower failed: see training/out/cnn.log and training/out/vit.log" >&2
  exit 1
fi
echo "towers: $(($(date +%s) - start)) s"
/usr/bin/python3 training/quantize.py "$OUT/tiny-clip-vit" "$OUT/tiny-clip-cnn"
npx tsx bench/int8.bench.ts --write
echo "npm run train: $(($(date +%s) - start)) s in all"
