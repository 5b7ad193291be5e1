#!/usr/bin/env bash
# Compare tasnif with its peers (scikit-learn TF-IDF + naive Bayes / LinearSVC
# and fastText, as ../shared/bench/README.md installs them) on the same files,
# and print a Markdown report: training time, tagging throughput, peak memory,
# accuracy on held-out stories, and how tagging scales. See bench/README.md.
#
#   bench/compare.sh                      # ../shared at the default place
#   SHARED=/path/to/shared bench/compare.sh
#   KEEP=1 bench/compare.sh               # keep the work directory
#   REPEATS=3 bench/compare.sh            # fastest of 3 tagging runs, not 5
#   TRAIN_REPEATS=1 bench/compare.sh      # one training run each, not 3
#
# The report goes to standard output, progress to standard error. Everything
# derived from the shared data is written to a temporary directory (under
# $TMPDIR), removed at the end unless KEEP=1.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SHARED=${SHARED:-$ROOT/../shared}
SHARED=$(cd "$SHARED" 2>/dev/null && pwd || printf '%s' "$SHARED")
REPEATS=${REPEATS:-5}
TRAIN_REPEATS=${TRAIN_REPEATS:-3}
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in bench/peers
PEERS=$ROOT/bench/peers
ANT=$SHARED/data/ant-multisource/ant-multisource.jsonl
SANAD=$SHARED/data/sanad-alkhaleej/sanad-alkhaleej.jsonl
HES=$SHARED/data/hespress-dev/hespress-dev.jsonl
ANCHORS=$SHARED/bench/anchors.py
# fastText settings: those of anchors.py.
FT_OPTS=(-lr 0.5 -epoch 25 -wordNgrams 2 -bucket 200000 -dim 50 -minCount 1 -thread 2 -verbose 0)

log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'compare.sh: %s\n' "$*" >&2; exit 1; }

# --- Check the tools and the data ------------------------------------------
missing=()
if ! [ -x "$PY" ] || ! "$PY" -c 'import sklearn, numpy, scipy' 2>/dev/null; then
  missing+=("scikit-learn for $PY (Debian package python3-sklearn)")
fi
if ! command -v fasttext >/dev/null; then
  missing+=("the fasttext command on PATH (Debian package fasttext)")
fi
if ! [ -x /usr/bin/time ] || ! /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
  missing+=("GNU time at /usr/bin/time (Debian package time)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  {
    echo "compare.sh: the peers are not installed. Missing:"
    printf '  - %s\n' "${missing[@]}"
    echo "Install them once as $SHARED/bench/README.md says:"
    echo "  apt-get update && apt-get install -y python3-sklearn fasttext time"
  } >&2
  exit 1
fi
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive number, got '$REPEATS'"
[[ $TRAIN_REPEATS =~ ^[1-9][0-9]*$ ]] || die "TRAIN_REPEATS must be a positive number, got '$TRAIN_REPEATS'"
command -v go >/dev/null || die "go is not on PATH: it is needed to build tasnif"
for f in "$ANT" "$SANAD" "$HES" "$ANCHORS"; do
  [ -r "$f" ] || die "$f is missing: the shared data is expected at $SHARED (set SHARED=/path to change it)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tasnif-compare.XXXXXX")
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    log "kept the work directory $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
mkdir -p "$WORK/log"
RESULTS=$WORK/results.tsv
: >"$RESULTS"

# timed KEY OUT CMD...: run CMD once, standard output to OUT, and record its
# wall time, CPU time and peak RSS under KEY.
timed() {
  local key=$1 out=$2
  shift 2
  local t0 t1 user sys kb
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%U %S %M' -o "$WORK/log/$key.time" "$@" >"$out" 2>"$WORK/log/$key.err"; then
    echo "compare.sh: $key failed: $*" >&2
    tail -n 20 "$WORK/log/$key.err" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  read -r user sys kb <"$WORK/log/$key.time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$key" "$((t1 - t0))" "$user" "$sys" "$kb" >>"$RESULTS"
  log "$(printf '%-22s %7.2fs  %6d MB' "$key" "$(awk -v n=$((t1 - t0)) 'BEGIN{print n/1e9}')" $((kb / 1024)))"
}

# keep_best KEY: record the fastest of the runs KEY#1, KEY#2... under KEY.
keep_best() {
  awk -F'\t' -v k="$1" '
    index($1, k "#") == 1 { if (best == "" || $2 + 0 < bt) { bt = $2 + 0; best = $0 } }
    END { sub(/#[0-9]+\t/, "\t", best); print best }' "$RESULTS" >>"$RESULTS"
}

# lines FILE N WHAT: check that a tagger wrote one line per document.
lines() {
  local got
  got=$(wc -l <"$1")
  [ "$got" -eq "$2" ] || die "$3 wrote $got lines for $2 documents (see $1)"
}

# --- Build, describe the machine -------------------------------------------
log "work directory $WORK"
log "building tasnif"
go build -buildvcs=false -o "$WORK/tasnif" ./cmd/tasnif
T=$WORK/tasnif

cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
mem=$(awk '/^MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
{
  printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'machine\t%s, %s, %s\n' "${cpu:-unknown CPU}" "${mem:-? RAM}" "$(uname -srm)"
  printf 'nproc\t%s\n' "$(nproc)"
  printf 'load average at start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  printf 'Go\t%s\n' "$(go version | sed 's/^go version //')"
  printf 'tasnif\t%s, built from %s\n' "$("$T" --version | sed 's/^tasnif version //')" "$ROOT"
  printf 'Python (peers)\t%s\n' "$("$PY" -c 'import sys; print(sys.version.split()[0])') ($PY)"
  printf 'scikit-learn\t%s\n' "$("$PY" -c 'import sklearn, numpy, scipy; print("%s (numpy %s, scipy %s)" % (sklearn.__version__, numpy.__version__, scipy.__version__))')"
  printf 'fastText\t%s\n' "$(dpkg-query -W -f '${Version}' fasttext 2>/dev/null || echo 'unknown version') ($(command -v fasttext))"
  printf 'repeats\ttraining: fastest of %s runs; tagging and scaling: fastest of %s runs; both taken round-robin over the systems; accuracy: one run each\n' "$TRAIN_REPEATS" "$REPEATS"
} >"$WORK/info.tsv"

# --- Prepare the inputs (not timed) ----------------------------------------
log "preparing the inputs"
cat "$ANT" "$SANAD" >"$WORK/allowed.jsonl"
"$PY" "$PEERS/prepare.py" stats "$WORK/allowed.jsonl" >"$WORK/stats.train.json"
"$PY" "$PEERS/prepare.py" fasttext-train "$WORK/allowed.ft" "$WORK/allowed.jsonl"
"$PY" "$PEERS/prepare.py" stats "$HES" >"$WORK/stats.hes.json"
"$PY" "$PEERS/prepare.py" fasttext-text "$WORK/hes.txt" "$HES"
"$PY" "$PEERS/prepare.py" split "$WORK/acc-train.jsonl" "$WORK/acc-test.jsonl" "$HES" >"$WORK/split.json"
head -n 1 "$HES" >"$WORK/hes-1doc.jsonl"
for _ in 1 2 3 4; do cat "$HES"; done >"$WORK/hes-4x.jsonl"
for _ in 1 2 3 4; do cat "$WORK/hes-4x.jsonl"; done >"$WORK/hes-16x.jsonl"
docs=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["docs"])' "$WORK/stats.hes.json")
# Warm the page cache, so that no system pays for the first read.
cat "$WORK"/*.jsonl "$WORK"/*.ft "$WORK"/*.txt "$HES" >/dev/null

# --- Training, whole process -----------------------------------------------
# Repeated like tagging below (a burst of load from other users of the
# machine during one system's only run would move the ratios by a third),
# round-robin, the fastest kept. Every run writes the same model.
for ((round = 1; round <= TRAIN_REPEATS; round++)); do
  log "training on ant-multisource + sanad-alkhaleej, round $round of $TRAIN_REPEATS"
  timed "train.tasnif#$round" /dev/null "$T" train "$WORK/allowed.jsonl" -o "$WORK/allowed.tasnif" -q
  timed "train.sklearn#$round" /dev/null "$PY" "$PEERS/sk_train.py" "$WORK/allowed.pkl" "$WORK/allowed.jsonl"
  timed "train.fasttext#$round" /dev/null fasttext supervised -input "$WORK/allowed.ft" -output "$WORK/allowed-ft" "${FT_OPTS[@]}"
done
for k in train.tasnif train.sklearn train.fasttext; do
  keep_best "$k"
done

# --- Tagging throughput and scaling, whole process ------------------------
# These runs are short, so each is repeated REPEATS times and the fastest
# kept; the repeats go round-robin over all of them, so that a burst of load
# from other users of the machine does not fall on one system only.
M=$WORK/allowed.tasnif
repeated=(tag.tasnif tag.sklearn tag.fasttext tag.tasnif-default
  scale.1doc scale.1x scale.4x scale.16x scale.4x-w1 scale.4x-w2)
run_repeated() { # KEY ROUND
  local k="$1#$2"
  case $1 in
  tag.tasnif) timed "$k" "$WORK/tag.tasnif.out" "$T" tag -m "$M" -k 1 "$HES" ;;
  tag.sklearn) timed "$k" /dev/null "$PY" "$PEERS/sk_tag.py" "$WORK/allowed.pkl" "$HES" "$WORK/tag.sklearn.out" ;;
  tag.fasttext) timed "$k" "$WORK/tag.fasttext.out" fasttext predict "$WORK/allowed-ft.bin" "$WORK/hes.txt" ;;
  tag.tasnif-default) timed "$k" "$WORK/tag.tasnif-default.out" "$T" tag -k 1 "$HES" ;;
  scale.1doc) timed "$k" "$WORK/scale.1doc.out" "$T" tag -m "$M" -k 1 "$WORK/hes-1doc.jsonl" ;;
  scale.1x) timed "$k" "$WORK/scale.1x.out" "$T" tag -m "$M" -k 1 "$HES" ;;
  scale.4x) timed "$k" "$WORK/scale.4x.out" "$T" tag -m "$M" -k 1 "$WORK/hes-4x.jsonl" ;;
  scale.16x) timed "$k" "$WORK/scale.16x.out" "$T" tag -m "$M" -k 1 "$WORK/hes-16x.jsonl" ;;
  scale.4x-w1) timed "$k" "$WORK/scale.4x-w1.out" "$T" tag -m "$M" -k 1 --workers 1 "$WORK/hes-4x.jsonl" ;;
  scale.4x-w2) timed "$k" "$WORK/scale.4x-w2.out" "$T" tag -m "$M" -k 1 --workers 2 "$WORK/hes-4x.jsonl" ;;
  *) die "unknown run $1" ;;
  esac
}
for ((round = 1; round <= REPEATS; round++)); do
  log "tagging hespress-dev ($docs articles) and scaling, round $round of $REPEATS"
  for k in "${repeated[@]}"; do
    run_repeated "$k" "$round"
  done
done
for k in "${repeated[@]}"; do
  keep_best "$k"
done
lines "$WORK/tag.tasnif.out" "$docs" "tasnif tag"
lines "$WORK/tag.sklearn.out" "$docs" "sk_tag.py"
lines "$WORK/tag.fasttext.out" "$docs" "fasttext predict"
lines "$WORK/tag.tasnif-default.out" "$docs" "tasnif tag (embedded model)"
lines "$WORK/scale.1x.out" "$docs" "tasnif tag on 1x"
lines "$WORK/scale.4x.out" $((4 * docs)) "tasnif tag on 4x"
lines "$WORK/scale.16x.out" $((16 * docs)) "tasnif tag on 16x"
lines "$WORK/scale.4x-w1.out" $((4 * docs)) "tasnif tag --workers 1 on 4x"
lines "$WORK/scale.4x-w2.out" $((4 * docs)) "tasnif tag --workers 2 on 4x"

# --- Accuracy on a held-out part of hespress-dev ---------------------------
log "accuracy: hespress-dev split $(tr -d '\n' <"$WORK/split.json")"
timed acc.tasnif.train /dev/null "$T" train "$WORK/acc-train.jsonl" -o "$WORK/acc.tasnif" -q
timed acc.tasnif.eval "$WORK/eval.tasnif.json" "$T" eval "$WORK/acc-test.jsonl" -m "$WORK/acc.tasnif" --json
timed acc.tasnif-e10.train /dev/null "$T" train "$WORK/acc-train.jsonl" -o "$WORK/acc-e10.tasnif" -q --epochs 10
timed acc.tasnif-e10.eval "$WORK/eval.tasnif-e10.json" "$T" eval "$WORK/acc-test.jsonl" -m "$WORK/acc-e10.tasnif" --json
timed acc.anchors /dev/null "$PY" "$ANCHORS" "$WORK/acc-train.jsonl" "$WORK/acc-test.jsonl" \
  --field title+text --systems sk_tfidf_mnb,sk_tfidf_cnb,sk_tfidf_linsvc,fasttext --out "$WORK/anchors.json"

log "done"
"$PY" "$PEERS/report.py" "$WORK"
