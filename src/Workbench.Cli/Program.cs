// workbench: the command-line front end. Each subcommand is an ICommand in its own file, found by reflection,
// so commands can be added without touching this file.
using System.Reflection;

namespace Workbench.Cli;

/// <summary>A subcommand: <c>workbench NAME ARGS...</c>.</summary>
public interface ICommand
{
    /// <summary>The word that selects it ("replay", "bench", "run").</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Summary { get; }

    /// <summary>Runs the command; the return value is the process exit code.</summary>
    int Run(string[] args, TextWriter stdout, TextWriter stderr);
}

public static class Program
{
    public static int Main(string[] args)
    {
        var commands = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var stdout = Console.Out;
        var stderr = Console.Error;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Usage(commands, args.Length == 0 ? stderr : stdout);
            return args.Length == 0 ? 2 : 0;
        }
        var cmd = commands.FirstOrDefault(c => c.Name == args[0]);
        if (cmd is null)
        {
            stderr.WriteLine($"workbench: unknown command '{args[0]}'");
            Usage(commands, stderr);
            return 2;
        }
        try
        {
            return cmd.Run(args[1..], stdout, stderr);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Standard output full (IOException) or closed (EBADF surfaces as UnauthorizedAccessException); a path
            // the user gave is checked by each command, naming it.
            try
            {
                stderr.WriteLine($"workbench {cmd.Name}: cannot write to standard output: {e.InnerException?.Message ?? e.Message}");
            }
            catch (IOException)
            {
                // stderr is gone too; the exit code still tells.
            }
            return 2;
        }
    }

    static void Usage(IEnumerable<ICommand> commands, TextWriter w)
    {
        w.WriteLine("usage: workbench COMMAND [ARGS...]   (dotnet run --project src/Workbench.Cli -- COMMAND ...)");
        w.WriteLine();
        foreach (var c in commands) w.WriteLine($"  {c.Name,-8} {c.Summary}");
        w.WriteLine();
        w.WriteLine("Run 'workbench COMMAND --help' for a command's options.");
    }
}
