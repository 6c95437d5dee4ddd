#!/usr/bin/env bash
# The runner's speed benchmark (issue: "at most a fifth of the time dotnet-repl --run takes"): ten small notebooks,
# run one after another by dotnet-repl 0.3.259 (one process per notebook), then by `workbench run` (warm worker).
# Usage: bash tests/Workbench.Benchmarks/runner/runner-vs-dotnet-repl.sh [PAIRS]   (from the repository root)
# Installs dotnet-repl into a temporary tool path (a package from the NuGet feed); prints wall and CPU seconds.
set -euo pipefail
root=$(pwd)
pairs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet tool install --tool-path "$work/tools" dotnet-repl --version 0.3.259 >/dev/null
dotnet build -c Release "$root/src/Workbench.Cli" >/dev/null
wb="$root/src/Workbench.Cli/bin/Release/net10.0/workbench"
mkdir -p "$work/nb" "$work/repl-out"
(cd "$work/nb" && python3 "$root/tests/Workbench.Benchmarks/runner/make-notebooks.py")
cd "$work/nb"
for k in $(seq 1 "$pairs"); do
  echo "pair $k ($(uptime | sed 's/.*load/load/'))"
  /usr/bin/time -f "  dotnet-repl --run: %e s wall, %U+%S s cpu" bash -c \
    "for f in nb*.ipynb; do '$work/tools/dotnet-repl' --run \$f --exit-after-run --output-path '$work/repl-out/'\$f < /dev/null > /dev/null 2>&1 || echo \"dotnet-repl failed on \$f\"; done"
  rm -rf "$work/out"
  /usr/bin/time -o "$work/wb-time.txt" -f "  workbench run:     %e s wall, %U+%S s cpu" "$wb" run . --output "$work/out" \
    > /dev/null 2>"$work/wb-stderr.txt" || { cat "$work/wb-stderr.txt"; exit 1; }
  cat "$work/wb-time.txt"
done
