// Containment of the processes a cell starts (Linux). The worker makes itself a child subreaper, so a descendant
// orphaned by its parent (a `setsid` daemon whose shell exited) is re-parented to the worker instead of init; the
// runner then finds every descendant of the worker under /proc and kills them all before the worker itself.
using System.Globalization;
using System.Runtime.InteropServices;

namespace Workbench.Notebooks.Worker;

/// <summary>Process-tree helpers over /proc and libc. Thread-safe (no state). On other systems they do nothing.</summary>
internal static class ProcessTree
{
    const int PR_SET_CHILD_SUBREAPER = 36, SIGKILL = 9;

    [DllImport("libc", SetLastError = true)]
    static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int sys_kill(int pid, int sig);

    /// <summary>Makes the calling process the reaper of its orphaned descendants. Returns false where unsupported.</summary>
    public static bool BecomeSubreaper() => OperatingSystem.IsLinux() && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;

    /// <summary>Every live (not zombie) process whose chain of parents leads to <paramref name="root"/>, root excluded.</summary>
    public static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        if (!OperatingSystem.IsLinux()) return [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ReadStat(pid) is not { } stat || stat.State == 'Z') continue;
            if (!children.TryGetValue(stat.Parent, out var list)) children[stat.Parent] = list = [];
            list.Add(pid);
        }
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var p))
            foreach (var c in children.GetValueOrDefault(p) ?? [])
            {
                found.Add(c);
                queue.Enqueue(c);
            }
        return found;
    }

    /// <summary>
    /// SIGKILLs every descendant of <paramref name="root"/> until none is left (a dying process may have forked
    /// meanwhile), then <paramref name="root"/> itself: descendants first, so that none is orphaned to init while
    /// the subreaper is still alive to adopt it. No requirements.
    /// </summary>
    public static void KillTree(int root)
    {
        for (int round = 0; round < 50; round++)
        {
            var alive = Descendants(root);
            if (alive.Count == 0) break;
            foreach (var pid in alive) sys_kill(pid, SIGKILL);
            Thread.Sleep(round < 5 ? 1 : 10);
        }
        if (OperatingSystem.IsLinux()) sys_kill(root, SIGKILL);
    }

    /// <summary>State letter and parent pid from /proc/PID/stat, or null when the process is gone.</summary>
    internal static (char State, int Parent)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) S ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
        var close = text.LastIndexOf(')');
        var fields = close < 0 ? [] : text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)) return null;
        return (fields[0][0], ppid);
    }
}
