#!/usr/bin/env bash
# Installs what tests/Workbench.Lab.Tests' real-client tests need: Debian's nbconvert/nbclient and
# the dotnet-interactive tool 1.0.712001 (= .NET Interactive 1.0.0-beta.26120.1, see
# shared/notebooks.md §7) with a private kernelspec, to run notebooks as Jupyter does; and Debian's
# chromium, to check that chart HTML draws offline (BrowserRenderTests, --static-images); and Debian's classic
# jupyter-notebook, to check that an executed notebook's charts draw there with the network blocked
# (tests/Workbench.Notebooks.Tests/Runner/PortableChartTests.cs).
# Idempotent: each step is skipped when already done. Needs root for apt-get (CI runs as root).
#
# Layout (override the root with WORKBENCH_HOME):
#   $WORKBENCH_HOME/dotnet-interactive/dotnet-interactive       the tool (--tool-path install)
#   $WORKBENCH_HOME/jupyter/kernels/.net-csharp/kernel.json      the kernelspec the tests use
# Tests run nbconvert with JUPYTER_PATH=$WORKBENCH_HOME/jupyter, so the user's own Jupyter setup
# is neither needed nor touched. To use this kernel by hand: export JUPYTER_PATH=$WORKBENCH_HOME/jupyter.
#
# Security: the kernel always starts an HTTP server (ports 2048-3000). `dotnet interactive jupyter
# install` writes a kernelspec that binds it on every interface; this script adds
# --http-local-only so it listens on loopback only.
set -euo pipefail

WORKBENCH_HOME="${WORKBENCH_HOME:-$HOME/.workbench}"
TOOL_VERSION=1.0.712001
TOOL_DIR="$WORKBENCH_HOME/dotnet-interactive"
KERNELS="$WORKBENCH_HOME/jupyter/kernels"

# Debian's interpreter: the Jupyter packages live there, whatever python3 is first on PATH (pyenv).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

have_python_modules() {
    "$PY" -c 'import nbconvert, nbclient, nbformat, jupyter_client, ipykernel' 2>/dev/null
}

if [ ! -x /usr/bin/jupyter ] || ! have_python_modules; then
    echo "install-jupyter: apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel python3-nbformat"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel python3-nbformat >/dev/null
fi

if [ ! -x /usr/bin/jupyter-notebook ]; then
    echo "install-jupyter: apt-get install jupyter-notebook"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq jupyter-notebook >/dev/null
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "install-jupyter: apt-get install chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi

if ! "$TOOL_DIR/dotnet-interactive" --version 2>/dev/null | grep -q "^1\.0\.712001"; then
    echo "install-jupyter: dotnet tool install Microsoft.dotnet-interactive $TOOL_VERSION -> $TOOL_DIR"
    rm -rf "$TOOL_DIR"
    dotnet tool install --tool-path "$TOOL_DIR" Microsoft.dotnet-interactive --version "$TOOL_VERSION" >/dev/null
fi

SPEC="$KERNELS/.net-csharp/kernel.json"
if [ ! -f "$SPEC" ] || ! grep -q -- "--http-local-only" "$SPEC" || ! grep -q "$TOOL_DIR/dotnet-interactive" "$SPEC"; then
    echo "install-jupyter: dotnet interactive jupyter install --path $KERNELS (+ --http-local-only)"
    mkdir -p "$KERNELS"
    PATH="$TOOL_DIR:$PATH" "$TOOL_DIR/dotnet-interactive" jupyter install --path "$KERNELS" >/dev/null
    # Absolute tool path (no PATH needed at run time) and loopback-only HTTP.
    "$PY" - "$SPEC" "$TOOL_DIR/dotnet-interactive" <<'PY'
import json, sys
spec_path, tool = sys.argv[1], sys.argv[2]
spec = json.load(open(spec_path))
argv = spec["argv"]
if argv[:2] == ["dotnet", "interactive"]:
    argv = [tool] + argv[2:]
if "--http-local-only" not in argv:
    argv.append("--http-local-only")
spec["argv"] = argv
json.dump(spec, open(spec_path, "w"), indent=2)
PY
fi

echo "install-jupyter: ready ($(/usr/bin/jupyter nbconvert --version 2>/dev/null | tail -1), dotnet-interactive $("$TOOL_DIR/dotnet-interactive" --version), kernelspec $SPEC)"
