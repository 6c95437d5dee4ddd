// The kernel's symbolic constants a scenario may name (PROT_*, MAP_*, MADV_*, O_*, VMSPACE_CTL_RUN, T_*, PGEX_*,
// VPTE_*, SIG*, and READ/WRITE/EXEC for guest_access), with their DragonFly values, and the reverse mapping used to
// print arguments strace-style.
using System.Reflection;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;

namespace Workbench.Scenarios;

/// <summary>Symbolic constants by name, taken from the model's own constant classes so they cannot drift.</summary>
public static class Symbols
{
    // Declared before Values: static initialisers run in text order and Collect reads it.
    static readonly (string, long)[] AccessBits = [("READ", Mman.VM_PROT_READ), ("WRITE", Mman.VM_PROT_WRITE), ("EXEC", Mman.VM_PROT_EXECUTE)];
    static readonly Dictionary<string, long> Values = Collect();

    static Dictionary<string, long> Collect()
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in new[] { typeof(Mman), typeof(Fcntl), typeof(Vk) })
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (!f.IsLiteral) continue;
                if (!(f.Name.StartsWith("PROT_") || f.Name.StartsWith("MAP_") || f.Name.StartsWith("MADV_") ||
                      f.Name.StartsWith("O_") || f.Name.StartsWith("VMSPACE_") || f.Name.StartsWith("T_") ||
                      f.Name.StartsWith("PGEX_") || f.Name.StartsWith("VPTE_"))) continue;
                d[f.Name] = Convert.ToInt64(f.GetRawConstantValue());
            }
        foreach (var f in typeof(Sig).GetFields(BindingFlags.Public | BindingFlags.Static))
            if (f.IsLiteral && f.Name.StartsWith("SIG") && f.Name != "NSIG") d[f.Name] = Convert.ToInt64(f.GetRawConstantValue());
        // guest_access kinds: the fault types of vm_fault (execute faults are read faults, spec §4.1).
        foreach (var (name, bit) in AccessBits) d[name] = bit;
        return d;
    }

    /// <summary>The value of a constant ("MAP_VPAGETABLE"), or false.</summary>
    public static bool TryGet(string name, out long value) => Values.TryGetValue(name, out value);

    // Print tables, read from the model's constants: single bits by value (the first name of each value, so
    // aliases such as MAP_ANONYMOUS and MAP_COPY never print), and MADV_* by value.
    static readonly (string, long)[] ProtBits = Bits(typeof(Mman), "PROT_");
    static readonly (string, long)[] MapBits = Bits(typeof(Mman), "MAP_");
    static readonly (string, long)[] OBits = Bits(typeof(Fcntl), "O_", v => (v & Fcntl.O_ACCMODE) == 0);
    static readonly string[] Madv = Named(typeof(Mman), "MADV_").Where(x => x.Value >= 0).OrderBy(x => x.Value).Select(x => x.Name).ToArray();

    /// <summary>The literal constants of <paramref name="t"/> that start with <paramref name="prefix"/>, in
    /// declaration order, keeping the first name of each value.</summary>
    static (string Name, long Value)[] Named(Type t, string prefix) =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (f.Name, Value: Convert.ToInt64(f.GetRawConstantValue())))
            .GroupBy(x => x.Value).Select(g => g.First())
            .ToArray();

    static (string, long)[] Bits(Type t, string prefix, Func<long, bool>? keep = null) =>
        Named(t, prefix).Where(x => x.Value > 0 && (x.Value & (x.Value - 1)) == 0 && (keep?.Invoke(x.Value) ?? true))
            .OrderBy(x => x.Value).Select(x => (x.Name, x.Value)).ToArray();

    /// <summary>strace-style text of an argument value of the given kind.</summary>
    public static string Format(ArgFormat kind, long v, string? str = null) => kind switch
    {
        ArgFormat.Str => Quote(str ?? ""),
        ArgFormat.Int => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgFormat.Hex => Hex(v),
        ArgFormat.Ptr => v == 0 ? "NULL" : Hex(v),
        ArgFormat.Prot => v == 0 ? "PROT_NONE" : Flags(v, ProtBits, null),
        ArgFormat.MapFlags => Flags(v, MapBits, "MAP_FILE"),
        ArgFormat.Madv => v >= 0 && v < Madv.Length ? Madv[v] : v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgFormat.OFlags => OFlagsText(v),
        ArgFormat.Cmd => v == Vk.VMSPACE_CTL_RUN ? "VMSPACE_CTL_RUN" : v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgFormat.Trap => TrapName(v),
        ArgFormat.Access => Flags(v, AccessBits, "0"),
        ArgFormat.Signal => SignalName(v),
        _ => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Pointers and sizes print as the unsigned 64-bit values the kernel sees.</summary>
    public static string Hex(long v) => "0x" + ((ulong)v).ToString("x");

    static string Flags(long v, (string Name, long Bit)[] bits, string? zero)
    {
        if (v == 0) return zero ?? "0";
        var parts = new List<string>();
        long rest = v;
        foreach (var (name, bit) in bits)
            if ((v & bit) == bit) { parts.Add(name); rest &= ~bit; }
        if (rest != 0) parts.Add(Hex(rest));
        return string.Join("|", parts);
    }

    static string OFlagsText(long v)
    {
        string acc = (v & 3) switch { 0 => "O_RDONLY", 1 => "O_WRONLY", 2 => "O_RDWR", _ => "O_ACCMODE" };
        long rest = v & ~3L;
        return rest == 0 ? acc : acc + "|" + Flags(rest, OBits, null);
    }

    static string TrapName(long v)
    {
        foreach (var (name, val) in Values)
            if (name.StartsWith("T_") && val == v) return name;
        return v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    static string SignalName(long v)
    {
        foreach (var (name, val) in Values)
            if (name.StartsWith("SIG") && val == v) return name;
        return v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
