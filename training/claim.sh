#!/usr/bin/env bash
# The paper's claim on the synthetic world, in one command (npm run claim): make the data with the app's CLI, curate
# hard negatives and export them in NegCLIP's format, then train and compare (training/claim.py).
set -euo pipefail
cd "$(dirname "$0")/.."
W=${CLAIM_WORK:-training/out/claim}
TYPES=${CLAIM_TYPES:-color,count,position,negation,swap,trigram-shuffle}
cli() { node bin/clip-curator.js "$@"; }
rm -rf "$W" && mkdir -p "$W"
# Base training pairs, a pool to curate, and a held-out test set: three different demo seeds.
cli demo --seed 201 --count ${CLAIM_BASE:-6000} --out "$W/base" > /dev/null
cli demo --seed 202 --count ${CLAIM_POOL:-3000} --out "$W/pool" > /dev/null
cli demo --seed 203 --count ${CLAIM_TEST:-1500} --out "$W/test-demo" > /dev/null
# Curate: pairs the bundled models verify (ensemble ≥ 0.3), their hard negatives, exported as NegCLIP's TSV.
cli negatives "$W/pool" --types "$TYPES" --seed 1 --threshold 0.3 --out "$W/curated"
cli export "$W/curated" --format negclip-tsv --min-score 0.3 --out "$W/export"
# Held-out negatives of every type, with image edits for Winoground scores (correct pairs are picked by claim.py).
cli negatives "$W/test-demo" --types color,count,position,negation,swap,trigram-shuffle,within-trigram-shuffle,patch-shuffle,row-shuffle,column-shuffle --image-edits --seed 2 --threshold=-1 --out "$W/test"
/usr/bin/python3 training/claim.py --work "$W" "$@"
