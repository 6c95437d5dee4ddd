// Not in the C: a run's schedule as a short printable string, and back. The string lists the tid chosen at each
// decision (a point where more than one thread could run), run-length encoded: "2.2.2.1" prints as "2*3.1". Choices
// after the last one that differs from the default (run on the current thread, else the lowest tid) are left out,
// so the shortest string reproduces the run; "" is the default schedule.
using System.Globalization;
using System.Text;

namespace Workbench.Kernel.Sched;

/// <summary>A schedule: the tids chosen at successive decisions.</summary>
public sealed class Schedule
{
    public Schedule(IReadOnlyList<int> choices) => Choices = choices;

    public IReadOnlyList<int> Choices { get; }

    /// <summary>Parses "2*3.1" (also accepts spaces or commas between items). Throws <see cref="FormatException"/>
    /// naming the bad item.</summary>
    public static Schedule Parse(string text)
    {
        var choices = new List<int>();
        foreach (var item in text.Split(['.', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split('*');
            if (parts.Length > 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int tid) || tid <= 0)
                throw new FormatException($"bad schedule item '{item}': expected TID or TID*COUNT (e.g. \"2*3.1\")");
            int count = 1;
            if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count <= 0 || count > 1_000_000))
                throw new FormatException($"bad schedule item '{item}': the count must be 1 to 1000000");
            for (int i = 0; i < count; i++) choices.Add(tid);
        }
        return new Schedule(choices);
    }

    /// <summary>The printable form of <paramref name="choices"/>, without the trailing default choices
    /// (<paramref name="defaults"/>[i] is what the default would have chosen at decision i).</summary>
    public static string Format(IReadOnlyList<int> choices, IReadOnlyList<int> defaults)
    {
        int n = choices.Count;
        while (n > 0 && choices[n - 1] == defaults[n - 1]) n--;
        var sb = new StringBuilder();
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && choices[j] == choices[i]) j++;
            if (sb.Length > 0) sb.Append('.');
            sb.Append(choices[i].ToString(CultureInfo.InvariantCulture));
            if (j - i > 1) sb.Append('*').Append((j - i).ToString(CultureInfo.InvariantCulture));
            i = j;
        }
        return sb.ToString();
    }

    public override string ToString() => Format(Choices, Choices.Select(_ => -1).ToArray());
}
