#!/usr/bin/env bash
# Run the Rumur (Murphi) and SPIN (Promela) transcriptions of the benchmark models and print
# one markdown table row per run.  Requires: rumur, spin, cc (Debian: apt-get install rumur spin gcc).
#
#   Benchmarks/scripts/reference-counts.sh rumur MODEL 'CONST=V ...' [rumur options...]
#   Benchmarks/scripts/reference-counts.sh spin  MODEL 'MACRO=V ...' [pan options...]
#
# MODEL is a file name under Benchmarks/models without extension (german, german-nodata,
# german-sym, german-nodata-sym, credit-link-shared, credit-link-split).
# For rumur the consts are substituted in a copy of the .m file (lines "  NAME: value;");
# for spin they are passed as -D macros to spin's preprocessor.
# Environment: SPIN_CFLAGS (default "-O2 -DSAFETY -DNOREDUCE"), PAN_M (default 10000000),
# WORK (scratch directory, default a fresh mktemp -d).
# Columns: model | tool and options | parameters | states | rules fired (rumur) or transitions
# (spin: stored+matched) | verdict | counterexample length (rumur: rule firings printed in the
# trace; spin: the "at depth D" pan prints, meaningful with -DBFS) | seconds (run only).
set -euo pipefail

tool=$1; model=$2; params=$3; shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"

case $tool in
rumur)
  src="$work/$model.m"
  cp "$here/models/$model.m" "$src"
  for kv in $params; do
    sed -i "s/^  ${kv%%=*}: [0-9]*;/  ${kv%%=*}: ${kv#*=};/" "$src"
    grep -q "^  ${kv%%=*}: ${kv#*=};" "$src" || { echo "no const ${kv%%=*}" >&2; exit 2; }
  done
  rumur --threads 1 "$@" "$src" -o "$work/$model.c"
  cc -O3 -mcx16 -o "$work/$model" "$work/$model.c" -lpthread
  out="$work/$model.out"
  start=$(date +%s.%N)
  "$work/$model" > "$out" || true
  end=$(date +%s.%N)
  line=$(grep -E '^	[0-9]+ states, [0-9]+ rules fired' "$out")
  states=$(echo "$line" | awk '{print $1}')
  rules=$(echo "$line" | awk '{print $3}')
  if grep -q 'No error found' "$out"; then
    verdict="ok"; trace="-"
  else
    verdict=$(grep -A2 'error trace for the error' "$out" | sed -n 3p | sed 's/^\t//')
    trace=$(grep -cE '^Rule .* fired\.$' "$out" || true)
  fi
  printf '| %s | rumur %s | %s | %s | %s | %s | %s | %.1f |\n' "$model" "$*" "$params" \
    "$states" "$rules" "$verdict" "$trace" "$(echo "$end - $start" | bc)"
  ;;
spin)
  defs=""
  for kv in $params; do defs="$defs -D$kv"; done
  cd "$work"
  spin -a $defs "$here/models/$model.pml" > /dev/null
  cc ${SPIN_CFLAGS:--O2 -DSAFETY -DNOREDUCE} -w -o pan pan.c
  rm -f ./*.trail
  start=$(date +%s.%N)
  ./pan -m${PAN_M:-10000000} "$@" > pan.out 2>&1 || true
  end=$(date +%s.%N)
  if grep -q 'max search depth too small' pan.out; then echo "DEPTH LIMIT HIT" >&2; exit 3; fi
  stored=$(awk '/states, stored/ {print $1}' pan.out)
  trans=$(awk '/transitions \(= stored\+matched\)/ {print $1}' pan.out)
  errs=$(grep -oE 'errors: [0-9]+' pan.out | awk '{print $2}')
  if [ "$errs" = 0 ]; then
    verdict="ok"; depth="-"
  else
    verdict=$(grep -E '^pan:1: ' pan.out | head -1 | sed -E 's/^pan:1: //; s/ \(at depth [0-9]+\)//')
    case $verdict in  # name the invariant whose assert failed
      *auxData*) verdict="assertion violated (Data)";;
      *cache*) verdict="assertion violated (Control)";;
      *cred*) verdict="assertion violated (CreditConservation)";;
    esac
    # pan's "(at depth D)"; see reference-counts.md for how D relates to Rumur's trace length
    depth=$(grep -oE 'at depth [0-9]+' pan.out | head -1 | awk '{print $3}')
  fi
  printf '| %s | spin %s %s | %s | %s | %s | %s | %s | %.1f |\n' "$model" \
    "${SPIN_CFLAGS:--O2 -DSAFETY -DNOREDUCE}" "$*" "$params" "$stored" "$trans" "$verdict" \
    "$depth" "$(echo "$end - $start" | bc)"
  ;;
*) echo "tool must be rumur or spin" >&2; exit 2;;
esac
