// Option helpers every command shares, so each spells a seed, a count or --version the same way.
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Workbench.Cli;

/// <summary>Builders of common options. Each call returns a new option (an option belongs to one command).</summary>
public static class CliOptions
{
    /// <summary><c>--seed S</c>: an unsigned 64-bit number, decimal or 0x hex.</summary>
    public static Option<ulong> Seed(string description = "seed, decimal or 0x hex", ulong defaultValue = 1) => new("--seed")
    {
        Description = description, HelpName = "S", DefaultValueFactory = _ => defaultValue,
        CustomParser = r => ParseSeed(r.Tokens[0].Value) ?? Error<ulong>(r, $"--seed '{r.Tokens[0].Value}' is not an unsigned 64-bit number (decimal or 0x hex)"),
    };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (underscores and commas allowed: 1_000_000).</summary>
    public static Option<long> Count(string name, string description, long defaultValue, long min = 1, long max = long.MaxValue) => new(name)
    {
        Description = description, HelpName = "N", DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var t = r.Tokens[0].Value;
            return long.TryParse(t.Replace("_", "").Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v : Error<long>(r, $"{name} '{t}' is not a whole number from {min} to {max}");
        },
    };

    /// <summary><c>--kernel NAME</c>: a kernel design ("seed", "2013", or a commit prefix; KernelDesign.All).</summary>
    public static Option<Workbench.Kernel.Vkernel.Designs.KernelDesign> Kernel() => new("--kernel")
    {
        Description = "the kernel design: " + string.Join(", ", Workbench.Kernel.Vkernel.Designs.KernelDesign.All.Select(d => d.Name)) + " (default seed; 2013 = a86ce0cd)",
        HelpName = "NAME", DefaultValueFactory = _ => Workbench.Kernel.Vkernel.Designs.KernelDesign.Seed,
        CustomParser = r => Workbench.Kernel.Vkernel.Designs.KernelDesign.Find(r.Tokens[0].Value)
            ?? Error<Workbench.Kernel.Vkernel.Designs.KernelDesign>(r, $"--kernel '{r.Tokens[0].Value}' is not a design (one of: {string.Join(", ", Workbench.Kernel.Vkernel.Designs.KernelDesign.All.Select(d => d.Name))})"),
    };

    /// <summary>One of <paramref name="choices"/>.</summary>
    public static Option<string> Choice(string name, string description, params string[] choices)
    {
        var o = new Option<string>(name) { Description = description, DefaultValueFactory = _ => choices[0] };
        o.AcceptOnlyFromAmong(choices);
        return o;
    }

    /// <summary>Adds <c>--version</c> to <paramref name="command"/> and its subcommands (the root has its own).</summary>
    public static Command WithVersion(Command command)
    {
        if (!command.Options.OfType<VersionOption>().Any()) command.Options.Add(new VersionOption());
        foreach (var sub in command.Subcommands) WithVersion(sub);
        return command;
    }

    internal static ulong? ParseSeed(string s) => s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? ulong.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null
        : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;

    static T Error<T>(ArgumentResult r, string message)
    {
        r.AddError(message);
        return default!;
    }

    /// <summary>papermill's <c>-p NAME VALUE</c> beside <c>-p NAME=VALUE</c> (see RunCommandLine.JoinParameterPairs).</summary>
    public static string[] JoinParameterPairs(string[] args) => Workbench.Notebooks.Command.RunCommandLine.JoinParameterPairs(args);
}
