#!/bin/sh
# Builds the libFuzzer targets and runs each for a fixed number of executions, printing the
# executions run, the coverage reached (libFuzzer's cov: edges and ft: features) and whether it
# crashed. Seeds are gathered from Specs/ and Vectors/ into Fuzz/.build/corpus (not checked in).
#
# Usage: Fuzz/run.sh [RUNS] [TARGET...]
#   RUNS     executions per target (default 1000000)
#   TARGET   FuzzExpression FuzzDescriptor FuzzVector FuzzJSONLines FuzzVCD (default: all)
# A crash leaves its input as Fuzz/.build/crash-<target>-*; rerun one with
#   Fuzz/.build/release/<target> <file>
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
runs=${1:-1000000}
[ $# -gt 0 ] && shift
targets=${*:-FuzzExpression FuzzDescriptor FuzzVector FuzzJSONLines FuzzVCD}

mkdir -p "$here/.build"
ln -sfn "$root" "$here/.build/chipcheck"
swift build -c release --package-path "$here" --scratch-path "$here/.build" \
    -Xswiftc -sanitize=fuzzer -Xswiftc -use-ld=lld

seed() {  # seed TARGET FILE...: copy seeds into the target's working corpus
    target=$1
    shift
    mkdir -p "$here/.build/corpus/$target"
    for file in "$@"; do
        cp "$file" "$here/.build/corpus/$target/seed-$(echo "$file" | tr '/' '_')"
    done
}

for target in $targets; do
    case $target in
    FuzzExpression)
        # Every parameter value, minimum and maximum written in the shipped descriptors.
        mkdir -p "$here/.build/corpus/$target"
        find "$root/Specs" -name '*.xml' -exec cat {} + |
            sed -n -e 's/.*<ipxact:value>\([^<]*\)<\/ipxact:value>.*/\1/p' \
                -e 's/.*minimum="\([^"]*\)".*/\1/p' -e 's/.*maximum="\([^"]*\)".*/\1/p' |
            sort -u | awk -v dir="$here/.build/corpus/$target" '{ file = dir "/seed-" NR; printf "%s", $0 > file; close(file) }'
        ;;
    FuzzDescriptor) seed "$target" $(find "$root/Specs" -name '*.xml') ;;
    FuzzVector) seed "$target" $(find "$root/Vectors" -name '*.json') ;;
    FuzzJSONLines) seed "$target" $(find "$root/Vectors" -name '*.jsonl') ;;
    FuzzVCD) seed "$target" $(find "$root/Vectors" -name '*.vcd') ;;
    *) echo "unknown target $target" >&2; exit 64 ;;
    esac
    log="$here/.build/$target.log"
    status=0
    "$here/.build/release/$target" -runs="$runs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$here/.build/crash-$target-" "$here/.build/corpus/$target" >"$log" 2>&1 || status=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    seconds=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corpus=$(echo "$done_line" | sed -n 's/.*corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p')
    if [ "$status" -eq 0 ]; then verdict="no crash"; else verdict="CRASH (exit $status, see $log)"; fi
    echo "$target: executions ${executions:-?}, cov ${cov:-?}, ft ${ft:-?}, corpus ${corpus:-?}, ${seconds:-?} exec/s: $verdict"
done
