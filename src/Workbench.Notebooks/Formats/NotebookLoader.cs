// Loads a notebook file by extension (.ipynb or .dib) and finds notebooks in folders.
using Workbench.Notebooks.Model;

namespace Workbench.Notebooks.Formats;

/// <summary>Entry point for reading notebooks. Thread-safe.</summary>
public static class NotebookLoader
{
    public static readonly string[] Extensions = [".ipynb", ".dib"];

    /// <summary>Reads and parses one file; a missing file, unknown extension or bad content is a <see cref="NotebookInputException"/>.</summary>
    public static NotebookDocument Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new NotebookInputException(path, null, "is a directory, not a notebook");
        if (!File.Exists(full)) throw new NotebookInputException(path, null, "no such file");
        var ext = Path.GetExtension(full).ToLowerInvariant();
        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookInputException(path, null, $"cannot read: {e.Message}", e);
        }
        return ext switch
        {
            ".ipynb" => IpynbReader.Parse(full, text),
            ".dib" => DibReader.Parse(full, text),
            _ => throw new NotebookInputException(path, null, $"not a notebook: expected {string.Join(" or ", Extensions)}"),
        };
    }

    /// <summary>
    /// Expands files and folders into notebook paths: a folder gives its .ipynb and .dib files (not recursive,
    /// ordinal order); a file is taken as given. A path that does not exist is a <see cref="NotebookInputException"/>.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var result = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
                result.AddRange(Directory.EnumerateFiles(p)
                    .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(p)) result.Add(p);
            else throw new NotebookInputException(p, null, "no such file or folder");
        }
        return result;
    }
}
