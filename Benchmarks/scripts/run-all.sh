#!/usr/bin/env bash
# Every run recorded in Benchmarks/reference-counts.md, in order; prints markdown table rows.
# Single-threaded Rumur; the largest runs take about a minute each.
set -euo pipefail
r="$(dirname "$0")/reference-counts.sh"
BFS="-O2 -DSAFETY -DNOREDUCE -DBFS"

# German, data variant
for nd in "1 2" "2 2" "3 2" "2 1" "2 3"; do
  set -- $nd
  $r rumur german "N=$1 D=$2"
  $r spin german "N=$1 D=$2"
done
# German, data-free variant
for n in 2 3 4; do
  $r rumur german-nodata "N=$n"
  $r spin german-nodata "N=$n"
done
# German seeded bugs (shortest counterexamples: Rumur single-threaded BFS, pan -DBFS)
for n in 2 3; do
  for b in 1 2 3; do
    $r rumur german "N=$n D=2 BUG=$b"
    SPIN_CFLAGS="$BFS" $r spin german "N=$n D=2 BUG=$b"
  done
done
# credit-link shared: full state space (deadlock detection off / pan -E), then the deadlock
for km in "1 1" "2 2" "2 3" "3 2" "3 3" "4 4"; do
  set -- $km
  $r rumur credit-link-shared "K=$1 M=$2" --deadlock-detection off
  $r spin credit-link-shared "K=$1 M=$2" -E
  $r rumur credit-link-shared "K=$1 M=$2"
  SPIN_CFLAGS="$BFS" $r spin credit-link-shared "K=$1 M=$2"
done
# credit-link split
for km in "1 1" "2 2" "3 3" "4 4" "5 5" "6 6" "2 3" "3 2"; do
  set -- $km
  $r rumur credit-link-split "K=$1 M=$2"
  $r spin credit-link-split "K=$1 M=$2"
done
# Rumur with symmetry reduction over clients
for n in 2 3 4; do
  $r rumur german-nodata-sym "N=$n" --symmetry-reduction exhaustive
done
for n in 2 3; do
  $r rumur german-sym "N=$n D=2" --symmetry-reduction exhaustive
done
