// Apache Arrow IPC files (the "Feather v2" file format pandas, polars and DuckDB read): one record batch, schema
// metadata carrying the seed. No timestamps anywhere, so the same rows give the same bytes.
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Microsoft.Data.Analysis;

namespace Workbench.Analysis;

/// <summary>Writes and reads Arrow IPC files. Thread-safe (no shared state).</summary>
public static class ArrowFiles
{
    /// <summary>Writes <paramref name="batch"/> as an Arrow IPC file, replacing <paramref name="path"/>.</summary>
    public static void Write(RecordBatch batch, string path)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new ArrowFileWriter(fs, batch.Schema, leaveOpen: true);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    }

    /// <summary>Writes a DataFrame whose columns are all Arrow-compatible (primitive or Arrow string columns; a
    /// <see cref="StringDataFrameColumn"/> is not: Microsoft.Data.Analysis 0.23.1 cannot export it).</summary>
    public static void Write(DataFrame df, string path)
    {
        ArgumentNullException.ThrowIfNull(df);
        var batches = df.ToArrowRecordBatches().ToList();
        var schema = batches.Count > 0 ? batches[0].Schema : throw new ArgumentException("the DataFrame produced no record batch", nameof(df));
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new ArrowFileWriter(fs, schema, leaveOpen: true);
        foreach (var b in batches) writer.WriteRecordBatch(b);
        writer.WriteEnd();
    }

    /// <summary>Reads every record batch of an Arrow IPC file into one DataFrame.</summary>
    public static DataFrame Read(string path) => Read(path, out _);

    /// <summary>Reads an Arrow IPC file and its schema metadata (e.g. <see cref="TraceSchema.SeedKey"/>).</summary>
    public static DataFrame Read(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        var bytes = File.ReadAllBytes(path);
        using var reader = new ArrowFileReader(new MemoryStream(bytes), leaveOpen: false);
        var batches = new List<RecordBatch>();
        RecordBatch? b;
        while ((b = reader.ReadNextRecordBatch()) is not null) batches.Add(b);
        metadata = reader.Schema.Metadata is { } md ? new Dictionary<string, string>(md) : new Dictionary<string, string>();
        if (batches.Count == 0)
            throw new InvalidDataException($"{path}: the Arrow file holds no record batch");
        var df = DataFrame.FromArrowRecordBatch(batches[0]);
        for (int i = 1; i < batches.Count; i++)
            df = df.Append(DataFrame.FromArrowRecordBatch(batches[i]).Rows, inPlace: false);
        return df;
    }
}
