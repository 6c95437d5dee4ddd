// Not in the C: the attribute that describes one field of a *_args struct (sysproto.h) for the system call table.
namespace Workbench.Kernel.Kern;

/// <summary>Not in the C: one field of a <c>*_args</c> struct: its C declaration, how it prints, and whether a caller
/// may leave it out. Fields take register slots in declaration order; string fields take none (simplified: the
/// model passes the path itself, not a user pointer to copy in).</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class ArgAttribute(string ctype, ArgFormat format) : Attribute
{
    /// <summary>The C type as sysproto.h declares it ("void *", "size_t", "int", "off_t").</summary>
    public string CType { get; } = ctype;

    /// <summary>How the value prints in a trace.</summary>
    public ArgFormat Format { get; } = format;

    /// <summary>A script or caller may omit it (then 0).</summary>
    public bool Optional { get; init; }

    /// <summary>Never written by a script: set to <c>sizeof(long)</c> when the field it names was given, else 0
    /// (sysctl's <c>newlen</c>).</summary>
    public string? SizeOf { get; init; }
}
