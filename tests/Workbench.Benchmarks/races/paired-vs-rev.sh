#!/usr/bin/env bash
# Paired comparison of the sequential paths against an older revision (issue 9: "sequential replay and the lookup
# benchmark do not slow down by more than 5% against today"). Builds REV (default: the commit before the races work,
# 714d1af) in a temporary worktree, then alternates old and new `bench replay` and `bench lookup` runs PAIRS times and
# prints each pair's ratio (new / old; above 1 is slower) and the median. Usage: paired-vs-rev.sh [REV] [PAIRS]
set -euo pipefail
rev=${1:-714d1af}
pairs=${2:-11}
root=$(cd "$(dirname "$0")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add --detach "$tmp/old" "$rev" >/dev/null
dotnet build -c Release "$tmp/old/src/Workbench.Cli" -o "$tmp/old-bin" >/dev/null
dotnet build -c Release "$root/src/Workbench.Cli" -o "$tmp/new-bin" >/dev/null
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One core for every run (when taskset exists), so the garbage collector and the other binary do not share it unevenly.
pin=(); command -v taskset >/dev/null && pin=(taskset -c "$(( $(nproc) - 1 ))")
for bench in replay lookup; do
  : > "$tmp/$bench.ratios"
  for i in $(seq "$pairs"); do
    if [ "$bench" = replay ]; then args=(bench replay --vmspaces 20000); key=events_per_cpu_sec; else args=(bench lookup --vmspaces 100000 --lookups 1000000); key=lookup_ns; fi
    old=$("${pin[@]}" dotnet "$tmp/old-bin/workbench.dll" "${args[@]}" | tr ' ' '\n' | grep "^$key=" | cut -d= -f2)
    new=$("${pin[@]}" dotnet "$tmp/new-bin/workbench.dll" "${args[@]}" | tr ' ' '\n' | grep "^$key=" | cut -d= -f2)
    # replay: events per cpu second (higher is faster), lookup: ns per lookup (lower is faster); ratio = new cost / old cost
    if [ "$bench" = replay ]; then r=$(awk -v o="$old" -v n="$new" 'BEGIN{printf "%.3f", o/n}'); else r=$(awk -v o="$old" -v n="$new" 'BEGIN{printf "%.3f", n/o}'); fi
    echo "$bench pair $i: old=$old new=$new cost_ratio=$r"
    echo "$r" >> "$tmp/$bench.ratios"
  done
  echo "$bench median cost ratio (new/old) over $pairs pairs: $(median < "$tmp/$bench.ratios") load1=$(cut -d' ' -f1 /proc/loadavg)"
done
