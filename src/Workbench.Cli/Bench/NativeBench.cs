// The `bench lookup --native` baseline: compiles native/rbbench.c (BSD sys/tree.h from libbsd-dev) with `cc -O2`
// into the CLI project's obj/ directory on first use, runs it with the same vmspaces, lookups and seed, and reads
// back its timings. Outside the model.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Workbench.Cli.Bench;

/// <summary>What rbbench.c measured.</summary>
sealed record NativeResult(double LookupNs, double InsertNs, ulong Checksum, int Height);

/// <summary>Builds and runs the native C twin of the lookup benchmark.</summary>
static class NativeBench
{
    const string SourceRel = "src/Workbench.Cli/Bench/native/rbbench.c";
    internal const string Package = "libbsd-dev";

    /// <summary>
    /// Finds the C source and a compiler and builds rbbench if needed. Returns the binary's path, or null with
    /// <paramref name="error"/> naming what is missing (cc, the libbsd-dev header, or the source).
    /// </summary>
    public static string? Prepare(out string? error)
    {
        error = null;
        var src = FindSource();
        if (src is null)
        {
            error = $"bench: --native needs the C harness {SourceRel}; run from inside the Workbench checkout";
            return null;
        }
        var cc = FindOnPath("cc");
        if (cc is null)
        {
            error = $"bench: --native needs a C compiler on PATH (cc) and <bsd/sys/tree.h> from the Debian package {Package} (apt-get install -y build-essential {Package})";
            return null;
        }
        return Compile(cc, src, out error);
    }

    // Walks up from the current directory and from the binary's directory to the checkout that holds the C source.
    static string? FindSource()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var p = Path.Combine(dir.FullName, SourceRel);
                if (File.Exists(p)) return p;
            }
        return null;
    }

    static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    // The binary lives in src/Workbench.Cli/obj/native/ (ignored by git), named after a hash of the source so an
    // edited rbbench.c is rebuilt.
    static string? Compile(string cc, string src, out string? error)
    {
        error = null;
        var text = File.ReadAllBytes(src);
        var tag = Convert.ToHexString(SHA256.HashData(text))[..12].ToLowerInvariant();
        var cliDir = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(src)!)!)!;
        var outDir = Path.Combine(cliDir, "obj", "native");
        var exe = Path.Combine(outDir, $"rbbench-{tag}");
        if (File.Exists(exe)) return exe;
        Directory.CreateDirectory(outDir);
        var tmp = exe + $".tmp{Environment.ProcessId}";
        var (code, _, err) = Exec(cc, ["-O2", "-o", tmp, src]);
        if (code != 0)
        {
            File.Delete(tmp);
            error = err.Contains("tree.h")
                ? $"bench: --native needs <bsd/sys/tree.h> from the Debian package {Package} (apt-get install -y {Package}); cc said:\n{err.Trim()}"
                : $"bench: cc -O2 {src} failed:\n{err.Trim()}";
            return null;
        }
        File.Move(tmp, exe, overwrite: true);
        return exe;
    }

    /// <summary>Runs rbbench; null with <paramref name="error"/> set if it failed or printed something unreadable.</summary>
    public static NativeResult? Execute(string exe, int n, int m, ulong seed, out string? error)
    {
        error = null;
        var (code, output, err) = Exec(exe,
            [n.ToString(CultureInfo.InvariantCulture), m.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture)]);
        if (code != 0)
        {
            error = $"bench: {exe} exited with {code}: {err.Trim()}";
            return null;
        }
        var kv = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                       .Select(w => w.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        try
        {
            return new NativeResult(
                double.Parse(kv["native_lookup_ns"], CultureInfo.InvariantCulture),
                double.Parse(kv["native_insert_ns"], CultureInfo.InvariantCulture),
                ulong.Parse(kv["checksum"], CultureInfo.InvariantCulture),
                int.Parse(kv["height"], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or OverflowException)
        {
            error = $"bench: could not read {exe}'s output '{output.Trim()}': {e.Message}";
            return null;
        }
    }

    static (int Code, string Stdout, string Stderr) Exec(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var errTask = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, errTask.Result);
    }
}
