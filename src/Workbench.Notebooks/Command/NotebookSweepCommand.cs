// "workbench sweep NOTEBOOK -p seed=1..20 -p size=10,100": the notebook run once per grid point on the worker pool,
// each executed notebook kept (OUTPUT/runs/NAME-rNNNN.ipynb and .html), and one table of every run's parameters,
// status and recorded results (OUTPUT/sweep.csv, OUTPUT/sweep.arrow, described by OUTPUT/sweep.json). --shard I/N
// runs one shard; "workbench sweep merge" joins shards' tables into the table the unsharded run writes, byte for byte.
using System.Globalization;
using System.Text.Json.Nodes;
using Workbench.Notebooks.Formats;
using Workbench.Notebooks.Model;
using Workbench.Notebooks.Parameters;
using Workbench.Notebooks.Runner;
using Workbench.Notebooks.Sweep;
using Workbench.Notebooks.Worker;

namespace Workbench.Notebooks.Command;

/// <summary>The sweep and merge commands, kept here (not in the CLI) so tests drive exactly what users run.</summary>
public static class NotebookSweepCommand
{
    public const string TableCsv = "sweep.csv", TableArrow = "sweep.arrow", Description = "sweep.json", RunsFolder = "runs";

    /// <summary>Runs the grid (or one shard of it). Exit 0 every run passed, 1 some run failed (the table is still written), 2 bad input.</summary>
    public static async Task<int> RunAsync(string notebook, RunOptions options, SweepShard? shard, TextWriter stdout, TextWriter stderr,
        WorkerStartInfo worker, WorkerPool? pool = null)
    {
        NotebookDocument template;
        SweepGrid grid;
        List<NotebookDocument> runs;
        try
        {
            template = NotebookLoader.Load(notebook);
            grid = SweepGrid.Parse(options.Parameters.GroupBy(p => p.Key).Select(g => g.Last()));
            runs = Prepare(notebook, template.Name, grid, shard);
        }
        catch (Exception e) when (e is NotebookInputException or FormatException)
        {
            stderr.WriteLine($"workbench sweep: {e.Message}");
            return NotebookRunCommand.ExitBadInput;
        }
        var runOptions = options with { OutputDirectory = Path.Combine(options.OutputDirectory, RunsFolder), Workers = Math.Min(options.Workers, Math.Max(1, runs.Count)) };
        if (NotebookRunCommand.OutputProblem(runOptions) is { } problem)
        {
            stderr.WriteLine($"workbench sweep: {problem}");
            return NotebookRunCommand.ExitBadInput;
        }
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep {template.Name}: {grid.Count} runs in the grid{(shard is null ? "" : $", {runs.Count} in shard {shard}")}, {runOptions.Workers} worker(s)"));

        List<NotebookResult> results;
        var ownPool = pool is null;
        pool ??= new WorkerPool(worker with { MemoryLimitBytes = options.MemoryLimitBytes, PreloadLibrary = NotebookRunCommand.LabLibrary([template]) }, runOptions.Workers);
        try
        {
            if (ownPool) pool.Prestart(Math.Min(runOptions.Workers, runs.Count));
            results = runs.Count == 0 ? [] : await NotebookRunCommand.RunAllAsync(runs, runOptions, pool, stderr);
        }
        finally
        {
            if (ownPool) pool.Dispose();
        }
        var numbers = runs.Select(r => RunNumber(r.Name)).ToList();
        var table = Table(grid, numbers.Zip(results).Select(p => (p.First, p.Second)));
        Write(options.OutputDirectory, table, Describe(template.Name, grid, shard));
        if (results.Count > 0) NotebookRunCommand.WriteSummary(results, stdout);
        stdout.WriteLine($"table: {Path.Combine(options.OutputDirectory, TableCsv)} and {TableArrow} ({table.Rows.Count} rows)");
        return results.All(r => r.Status == NotebookStatus.Passed) ? NotebookRunCommand.ExitPassed : NotebookRunCommand.ExitFailed;
    }

    /// <summary>One parametrised document per point of the shard, named NAME-rNNNN by its number in the whole grid.</summary>
    static List<NotebookDocument> Prepare(string path, string name, SweepGrid grid, SweepShard? shard)
    {
        var width = Math.Max(4, (grid.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        var runs = new List<NotebookDocument>();
        foreach (var point in grid.Points().Where(p => shard?.Includes(p.Run) ?? true))
        {
            var loaded = NotebookLoader.Load(path);
            var doc = new NotebookDocument
            {
                SourcePath = loaded.SourcePath, Name = $"{name}-r{point.Run.ToString("D" + width, CultureInfo.InvariantCulture)}",
                DefaultKernelName = loaded.DefaultKernelName, Cells = loaded.Cells, Metadata = loaded.Metadata,
            };
            NotebookParameters.Apply(doc, point.Values);
            runs.Add(doc);
        }
        return runs;
    }

    static int RunNumber(string runName) => int.Parse(runName[(runName.LastIndexOf("-r", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture);

    /// <summary>The table: run, each parameter, status, then each recorded name in ordinal order (a name that clashes with a column gets "record.").</summary>
    static SweepTable Table(SweepGrid grid, IEnumerable<(int Run, NotebookResult Result)> runs)
    {
        var list = runs.OrderBy(r => r.Run).ToList();
        var fixedColumns = new List<string> { SweepTable.RunColumn };
        fixedColumns.AddRange(grid.Axes.Select(a => a.Name));
        fixedColumns.Add(SweepTable.StatusColumn);
        var recordNames = list.SelectMany(r => r.Result.Records.Keys).Distinct()
            .Select(n => (Name: n, Column: fixedColumns.Contains(n) ? "record." + n : n))
            .OrderBy(n => n.Column, StringComparer.Ordinal).ToList();
        var columns = fixedColumns.Concat(recordNames.Select(n => n.Column)).ToList();
        var points = grid.Points().ToDictionary(p => p.Run);
        var table = new SweepTable(columns);
        foreach (var (run, result) in list)
        {
            var row = new List<string?> { run.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(points[run].Values.Select(v => v.Value));
            row.Add(result.Status.ToString().ToLowerInvariant());
            row.AddRange(recordNames.Select(n => result.Records.TryGetValue(n.Name, out var v) ? RecordedResults.Cell(v) : null));
            table.Rows.Add(row.ToArray());
        }
        return table;
    }

    /// <summary>sweep.json: the notebook, the grid and its size, the shard (null for a whole or merged sweep).</summary>
    static JsonObject Describe(string name, SweepGrid grid, SweepShard? shard) => new()
    {
        ["notebook"] = name,
        ["grid"] = new JsonArray(grid.Axes.Select(a => (JsonNode?)new JsonObject
        {
            ["name"] = a.Name, ["values"] = new JsonArray(a.Values.Select(v => (JsonNode?)v).ToArray()),
        }).ToArray()),
        ["runs"] = grid.Count,
        ["shard"] = shard?.ToString(),
    };

    static void Write(string dir, SweepTable table, JsonObject description)
    {
        Directory.CreateDirectory(dir);
        NotebookRunner.WriteAtomically(Path.Combine(dir, TableCsv), table.ToCsv());
        table.WriteArrow(Path.Combine(dir, TableArrow));
        NotebookRunner.WriteAtomically(Path.Combine(dir, Description), IpynbWriter.Serialize(description) + "\n");
    }

    /// <summary>
    /// Joins the tables of <paramref name="shardDirs"/> (each a sweep's --output) into <paramref name="output"/>, with
    /// their executed notebooks. They must describe the same notebook and grid and together hold every run exactly
    /// once. Exit 0, or 2 with a message naming the folder and what is wrong.
    /// </summary>
    public static int Merge(IReadOnlyList<string> shardDirs, string output, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            JsonObject? first = null;
            SweepTable? merged = null;
            foreach (var dir in shardDirs)
            {
                var description = ReadDescription(dir);
                var table = SweepTable.FromCsv(ReadText(Path.Combine(dir, TableCsv)), Path.Combine(dir, TableCsv));
                first ??= description;
                if (!SameSweep(first, description))
                    throw new NotebookInputException(Path.Combine(dir, Description), null, "is not a shard of the same sweep (notebook or grid differ)");
                merged = merged is null ? table : Union(merged, table, dir);
            }
            var runs = (int)first!["runs"]!;
            var numbers = merged!.Rows.Select(r => int.Parse(r[0]!, CultureInfo.InvariantCulture)).ToList();
            var missing = Enumerable.Range(0, runs).Except(numbers).ToList();
            if (missing.Count > 0)
                throw new NotebookInputException(string.Join(" ", shardDirs), null,
                    $"{missing.Count} of {runs} runs missing (runs {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", ..." : "")}): is a shard left out?");
            merged.Rows.Sort((a, b) => int.Parse(a[0]!, CultureInfo.InvariantCulture).CompareTo(int.Parse(b[0]!, CultureInfo.InvariantCulture)));
            var description2 = (JsonObject)first.DeepClone();
            description2["shard"] = null;
            Write(output, merged, description2);
            foreach (var dir in shardDirs) CopyRuns(Path.Combine(dir, RunsFolder), Path.Combine(output, RunsFolder));
            stdout.WriteLine($"merged {shardDirs.Count} shard(s), {merged.Rows.Count} runs: {Path.Combine(output, TableCsv)} and {TableArrow}");
            return NotebookRunCommand.ExitPassed;
        }
        catch (NotebookInputException e)
        {
            stderr.WriteLine($"workbench sweep merge: {e.Message}");
            return NotebookRunCommand.ExitBadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"workbench sweep merge: {e.Message}");
            return NotebookRunCommand.ExitBadInput;
        }
    }

    static JsonObject ReadDescription(string dir)
    {
        var path = Path.Combine(dir, Description);
        try
        {
            return JsonNode.Parse(ReadText(path)) as JsonObject ?? throw new NotebookInputException(path, null, "not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new NotebookInputException(path, null, $"malformed JSON: {e.Message}");
        }
    }

    static string ReadText(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new NotebookInputException(path, null, "no such file: not a sweep's output folder?");

    static bool SameSweep(JsonObject a, JsonObject b) =>
        JsonNode.DeepEquals(a["notebook"], b["notebook"]) && JsonNode.DeepEquals(a["grid"], b["grid"]) && JsonNode.DeepEquals(a["runs"], b["runs"]);

    /// <summary>Both tables' rows under the union of their columns (fixed columns first as in either, records in ordinal order).</summary>
    static SweepTable Union(SweepTable a, SweepTable b, string dir)
    {
        var statusAt = a.Columns.ToList().IndexOf(SweepTable.StatusColumn);
        var fixedColumns = a.Columns.Take(statusAt + 1).ToList();
        if (!b.Columns.Take(statusAt + 1).SequenceEqual(fixedColumns))
            throw new NotebookInputException(Path.Combine(dir, TableCsv), null, "its run, parameter and status columns differ from the first shard's");
        var records = a.Columns.Skip(statusAt + 1).Union(b.Columns.Skip(statusAt + 1)).Order(StringComparer.Ordinal).ToList();
        var table = new SweepTable(fixedColumns.Concat(records).ToList());
        var seen = new HashSet<string>();
        foreach (var source in new[] { a, b })
        {
            var index = source.Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
            foreach (var row in source.Rows)
            {
                if (!seen.Add(row[0]!)) throw new NotebookInputException(Path.Combine(dir, TableCsv), null, $"run {row[0]} is in more than one shard");
                table.Rows.Add(table.Columns.Select(c => index.TryGetValue(c, out var i) ? row[i] : null).ToArray());
            }
        }
        return table;
    }

    static void CopyRuns(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
