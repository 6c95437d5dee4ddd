// CSV and Arrow IPC files: read back equal, byte-identical for the same seed, errors that name file and line.
using System.Security.Cryptography;
using Workbench.Analysis;
using Workbench.Analysis.Workload;

namespace Workbench.Analysis.Tests.Files;

public sealed class TraceFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("wb-analysis-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static SyscallRecorder Trace(ulong seed, int steps = 800) =>
        VkernelWorkload.Run(new WorkloadOptions { Seed = seed, Steps = steps }).Recorder!;

    [Fact]
    public void a_csv_trace_carries_its_seed_model_and_column_meanings_in_a_json_sidecar()
    {
        var path = Path.Combine(_dir, "trace.csv");
        var rec = Trace(7, 100);
        rec.WriteCsv(path);
        var meta = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path + ".json")).RootElement;
        Assert.Equal("7", meta.GetProperty(TraceSchema.SeedKey).GetString());
        Assert.Equal(TraceSchema.Model, meta.GetProperty(TraceSchema.ModelKey).GetString());
        Assert.Equal(TraceSchema.Names, meta.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));
        Assert.True(meta.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "ve_refs_before").GetProperty("nullable").GetBoolean());
    }

    [Fact]
    public void csv_round_trip_reads_back_the_same_frame()
    {
        var rec = Trace(3);
        var path = Path.Combine(_dir, rec.FileName("trace", "csv"));
        rec.WriteCsv(path);
        Frames.AssertEqual(rec.ToDataFrame(), CsvFiles.Read(path));
    }

    [Fact]
    public void arrow_round_trip_reads_back_the_same_frame_and_the_seed()
    {
        var rec = Trace(3);
        var path = Path.Combine(_dir, rec.FileName("trace", "arrow"));
        rec.WriteArrow(path);
        var back = ArrowFiles.Read(path, out var md);
        Frames.AssertEqual(rec.ToDataFrame(), back);
        Assert.Equal("3", md[TraceSchema.SeedKey]);
        Assert.Equal("trace-seed3.arrow", Path.GetFileName(path));
    }

    [Fact]
    public void the_same_seed_gives_byte_identical_csv_and_arrow_files()
    {
        string Hash(string p) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)));
        var a = Trace(5); var b = Trace(5);
        a.WriteCsv(Path.Combine(_dir, "a.csv")); b.WriteCsv(Path.Combine(_dir, "b.csv"));
        a.WriteArrow(Path.Combine(_dir, "a.arrow")); b.WriteArrow(Path.Combine(_dir, "b.arrow"));
        Assert.Equal(Hash(Path.Combine(_dir, "a.csv")), Hash(Path.Combine(_dir, "b.csv")));
        Assert.Equal(Hash(Path.Combine(_dir, "a.arrow")), Hash(Path.Combine(_dir, "b.arrow")));
        var c = Trace(6);
        c.WriteCsv(Path.Combine(_dir, "c.csv"));
        Assert.NotEqual(Hash(Path.Combine(_dir, "a.csv")), Hash(Path.Combine(_dir, "c.csv")));
    }

    [Fact]
    public void csv_uses_invariant_numbers_lf_line_ends_and_empty_fields_for_null()
    {
        var v = new Vkernel();
        v.M.VmspaceCreate(v.Td, 0x1000);
        v.M.Open(v.Td, "/tmp/a,b", Workbench.Kernel.Sys.Fcntl.O_RDWR | Workbench.Kernel.Sys.Fcntl.O_CREAT, 0x1a4);
        var path = Path.Combine(_dir, "t.csv");
        v.Rec.WriteCsv(path);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("\r", text);
        var lines = text.Split('\n');
        Assert.Equal(string.Join(",", TraceSchema.Names), lines[0]);
        Assert.Contains(",vmspace_create,4096,0,0,0,0,0,0,,0,,", lines[3]);
        Assert.Contains(",\"/tmp/a,b\",", lines[4]);
        Frames.AssertEqual(v.Rec.ToDataFrame(), CsvFiles.Read(path));
    }

    [Fact]
    public void reading_a_csv_with_a_bad_cell_names_the_file_line_and_column()
    {
        var rec = Trace(1, 50);
        var path = Path.Combine(_dir, "bad.csv");
        rec.WriteCsv(path);
        var lines = File.ReadAllLines(path);
        lines[3] = lines[3].Replace(",vmspace", ",vmspace", StringComparison.Ordinal).Insert(0, "x");
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => CsvFiles.Read(path));
        Assert.Contains("bad.csv:4: column seq", e.Message);
    }

    [Fact]
    public void a_summary_frame_writes_to_csv_and_arrow_too()
    {
        var s = StraceSummary.Build(Trace(2, 300).ToDataFrame());
        ArrowFiles.Write(s, Path.Combine(_dir, "s.arrow"));
        Frames.AssertEqual(s, ArrowFiles.Read(Path.Combine(_dir, "s.arrow")));
        CsvFiles.Write(s, Path.Combine(_dir, "s.csv"));
        var schema = s.Columns.Select(c => (c.Name, c.DataType)).ToArray();
        Frames.AssertEqual(s, CsvFiles.Read(Path.Combine(_dir, "s.csv"), schema));
    }
}
