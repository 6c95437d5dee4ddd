# Ten small C# notebooks (1 markdown + 5 code cells each) for the runner benchmark.
import json
for i in range(10):
    def code(id, src, tags=None):
        md = {"polyglot_notebook": {"kernelName": "csharp"}}
        if tags: md["tags"] = tags
        return {"cell_type": "code", "execution_count": None, "id": id, "metadata": md, "outputs": [], "source": src}
    cells = [
        {"cell_type": "markdown", "id": "md", "metadata": {}, "source": [f"# Bench notebook {i}\n"]},
        code("p", [f"int n = {1000*(i+1)};"], ["parameters"]),
        code("a", ["var xs = Enumerable.Range(0, n).Select(x => x * x % 97).ToList();\n", "Console.WriteLine($\"count={xs.Count}\");"]),
        code("b", ["record Point(int X, int Y);\n", "var pts = xs.Take(5).Select((v, k) => new Point(k, v)).ToArray();\n", "pts.Length"]),
        code("c", ["var sum = xs.Sum();\n", "display(sum);\n", "xs.Max()"]),
        code("d", ["string.Join(\",\", pts.Select(p => p.ToString()))"]),
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"},
          "language_info": {"name": "polyglot-notebook"},
          "polyglot_notebook": {"kernelInfo": {"defaultKernelName": "csharp", "items": [{"aliases": [], "name": "csharp"}]}}},
          "nbformat": 4, "nbformat_minor": 5}
    json.dump(nb, open(f"nb{i:02d}.ipynb", "w"), indent=1)
