// The kernel's symbolic constants a scenario may name (PROT_*, MAP_*, MADV_*, O_*, VMSPACE_CTL_RUN, T_*, PGEX_*,
// VPTE_*, SIG*, and READ/WRITE/EXEC for guest_access), with their DragonFly values, and the reverse mapping used to
// print arguments strace-style.
using System.Reflection;
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

    static readonly (string, long)[] ProtBits = [("PROT_READ", 1), ("PROT_WRITE", 2), ("PROT_EXEC", 4)];
    static readonly (string, long)[] MapBits =
    [
        ("MAP_SHARED", 0x1), ("MAP_PRIVATE", 0x2), ("MAP_FIXED", 0x10), ("MAP_RENAME", 0x20), ("MAP_NORESERVE", 0x40),
        ("MAP_INHERIT", 0x80), ("MAP_NOEXTEND", 0x100), ("MAP_HASSEMAPHORE", 0x200), ("MAP_STACK", 0x400),
        ("MAP_NOSYNC", 0x800), ("MAP_ANON", 0x1000), ("MAP_VPAGETABLE", 0x2000), ("MAP_TRYFIXED", 0x10000),
        ("MAP_NOCORE", 0x20000), ("MAP_SIZEALIGN", 0x40000),
    ];
    static readonly (string, long)[] OBits = [("O_NONBLOCK", 0x4), ("O_APPEND", 0x8), ("O_CREAT", 0x200), ("O_TRUNC", 0x400), ("O_EXCL", 0x800)];
    static readonly string[] Madv =
    [
        "MADV_NORMAL", "MADV_RANDOM", "MADV_SEQUENTIAL", "MADV_WILLNEED", "MADV_DONTNEED", "MADV_FREE",
        "MADV_NOSYNC", "MADV_AUTOSYNC", "MADV_NOCORE", "MADV_CORE", "MADV_INVAL", "MADV_SETMAP",
    ];

    /// <summary>strace-style text of an argument value of the given kind.</summary>
    public static string Format(ArgKind kind, long v, string? str = null) => kind switch
    {
        ArgKind.Str => Quote(str ?? ""),
        ArgKind.Int => v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgKind.Hex => Hex(v),
        ArgKind.Ptr => v == 0 ? "NULL" : Hex(v),
        ArgKind.Prot => v == 0 ? "PROT_NONE" : Flags(v, ProtBits, null),
        ArgKind.MapFlags => Flags(v, MapBits, "MAP_FILE"),
        ArgKind.Madv => v >= 0 && v < Madv.Length ? Madv[v] : v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgKind.OFlags => OFlagsText(v),
        ArgKind.Cmd => v == Vk.VMSPACE_CTL_RUN ? "VMSPACE_CTL_RUN" : v.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ArgKind.Trap => TrapName(v),
        ArgKind.Access => Flags(v, AccessBits, "0"),
        ArgKind.Signal => SignalName(v),
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
