#!/usr/bin/env bash
# The runner's speed benchmark (issue 12: "at least 5x faster than dotnet-repl --run on the shipped notebooks"):
#   shipped:   the notebooks in notebooks/ (each loads the workbench library with #r), run one after another
#              by dotnet-repl 0.3.259 (one process per notebook, from the notebooks folder so their relative #r
#              resolves), then by `workbench run notebooks` (the README's main command, Release build);
#   synthetic: ten small notebooks (make-notebooks.py), the same way.
# Usage: bash tests/Workbench.Benchmarks/runner/runner-vs-dotnet-repl.sh [PAIRS] [shipped|synthetic|both]
# (from the repository root). Installs dotnet-repl into a temporary tool path (a package from the NuGet feed);
# prints wall and CPU seconds per run and the load average, which on a shared 2-core machine moves the numbers.
set -euo pipefail
root=$(pwd)
pairs=${1:-3}
which=${2:-both}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet tool install --tool-path "$work/tools" dotnet-repl --version 0.3.259 >/dev/null
dotnet build -c Release "$root/src/Workbench.Cli" >/dev/null
wb="$root/src/Workbench.Cli/bin/Release/net10.0/workbench"
mkdir -p "$work/nb" "$work/repl-out"
(cd "$work/nb" && python3 "$root/tests/Workbench.Benchmarks/runner/make-notebooks.py")

# bench NAME FOLDER: one pair, dotnet-repl on each notebook of FOLDER (run from FOLDER), then workbench run FOLDER.
bench() {
  local name=$1 folder=$2
  echo "$name pair $k ($(uptime | sed 's/.*load/load/'))"
  /usr/bin/time -f "  dotnet-repl --run: %e s wall, %U+%S s cpu" bash -c \
    "cd '$folder' && for f in *.ipynb; do '$work/tools/dotnet-repl' --run \$f --exit-after-run --output-path '$work/repl-out/'\$f < /dev/null > /dev/null 2>&1 || echo \"  dotnet-repl failed on \$f\"; done"
  rm -rf "$work/out"
  /usr/bin/time -o "$work/wb-time.txt" -f "  workbench run:     %e s wall, %U+%S s cpu" "$wb" run "$folder" --output "$work/out" \
    > /dev/null 2>"$work/wb-stderr.txt" || { cat "$work/wb-stderr.txt"; exit 1; }
  cat "$work/wb-time.txt"
}

for k in $(seq 1 "$pairs"); do
  if [ "$which" != synthetic ]; then bench shipped "$root/notebooks"; fi
  if [ "$which" != shipped ]; then bench synthetic "$work/nb"; fi
done
