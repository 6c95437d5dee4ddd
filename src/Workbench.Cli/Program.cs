// workbench: the command-line front end. Each subcommand is an ICliCommand in its own file, found by reflection, that
// builds its System.CommandLine Command (options, arguments, action); this file only assembles them, parses, and
// maps parse errors to exit code 2. To add a command, add one file:
//
//     public sealed class ExploreCommand : ICliCommand
//     {
//         public Command Create(CliIo io)
//         {
//             var seed = CliOptions.Seed();                       // shared option helpers: CliOptions.cs
//             var cmd = new Command("explore", "one line for the usage text") { seed };
//             cmd.SetAction(p => Explore(p.GetValue(seed), io));  // returns the exit code
//             return cmd;
//         }
//     }
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Workbench.Cli;

/// <summary>Where a command writes: standard output and error (string writers in tests).</summary>
public sealed record CliIo(TextWriter Out, TextWriter Err);

/// <summary>A subcommand: <c>workbench NAME ARGS...</c>.</summary>
public interface ICliCommand
{
    /// <summary>The command with its options, arguments and action (which returns the process exit code).</summary>
    Command Create(CliIo io);
}

public static class Program
{
    /// <summary>Exit code of bad input or usage (parse errors included), as every command documents.</summary>
    public const int ExitUsage = 2;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs <paramref name="args"/> with the given writers; the return value is the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var io = new CliIo(stdout, stderr);
        var root = CreateRoot(io);
        var parse = root.Parse(CliOptions.JoinParameterPairs(args));
        if (parse.Action is ParseErrorAction) return ParseFailed(parse, stderr);
        var name = parse.CommandResult.Command.Name;
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Standard output full (IOException) or closed (EBADF surfaces as UnauthorizedAccessException); a path
            // the user gave is checked by each command, naming it.
            try
            {
                stderr.WriteLine($"workbench {name}: cannot write to standard output: {e.InnerException?.Message ?? e.Message}");
            }
            catch (IOException)
            {
                // stderr is gone too; the exit code still tells.
            }
            return ExitUsage;
        }
    }

    /// <summary>The root command: every <see cref="ICliCommand"/> of this assembly, in name order.</summary>
    public static RootCommand CreateRoot(CliIo io)
    {
        var root = new RootCommand("Workbench: DragonFly BSD's vkernel VMSPACE subsystem, modelled and put in notebooks.\n" +
                                   "Shell completion: System.CommandLine's [suggest] directive (see README, \"Shell completion\").");
        var commands = Implementations<ICliCommand>().Select(c => c.Create(io)).OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in commands) root.Subcommands.Add(CliOptions.WithVersion(c));
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new RootHelpAction((HelpAction)help.Action!, io);
        return root;
    }

    static IEnumerable<T> Implementations<T>() => typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(T).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (T)Activator.CreateInstance(t)!);

    /// <summary>
    /// <c>workbench --help</c> lists each command with the first line of its description (the rest is in the
    /// command's own <c>--help</c>); every other help is System.CommandLine's.
    /// </summary>
    sealed class RootHelpAction(HelpAction inner, CliIo io) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parse)
        {
            if (parse.CommandResult.Command is not RootCommand root) return inner.Invoke(parse);
            var w = io.Out;
            w.WriteLine("usage: workbench COMMAND [options]   (dotnet run --project src/Workbench.Cli -- COMMAND ...)");
            w.WriteLine();
            w.WriteLine(root.Description);
            w.WriteLine();
            w.WriteLine("Commands:");
            foreach (var c in root.Subcommands) w.WriteLine($"  {c.Name,-16} {FirstLine(c.Description)}");
            w.WriteLine();
            w.WriteLine("Options:");
            w.WriteLine("  -h, --help       show help; 'workbench COMMAND --help' for a command's options");
            w.WriteLine("  --version        show the version");
            return 0;
        }

        static string FirstLine(string? s) => s is null ? "" : s.Split('\n')[0].TrimEnd();
    }

    /// <summary>Bad usage: each error on its own line, prefixed with the command, then where help is. Exit 2.</summary>
    static int ParseFailed(ParseResult parse, TextWriter stderr)
    {
        var command = parse.CommandResult.Command;
        var path = command is RootCommand ? "workbench" : $"workbench {CommandPath(parse.CommandResult)}";
        foreach (var e in parse.Errors) stderr.WriteLine($"{path}: {e.Message}");
        stderr.WriteLine($"Run '{path} --help' for the options.");
        return ExitUsage;
    }

    static string CommandPath(System.CommandLine.Parsing.CommandResult r)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? s = r; s is System.CommandLine.Parsing.CommandResult c && c.Command is not RootCommand; s = s.Parent)
            names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }
}
