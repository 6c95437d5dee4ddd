// Models the kernel's panic()/KKASSERT (sys/systm.h). A broken invariant ends the simulation; the model never catches it.
using System.Runtime.CompilerServices;

namespace Workbench.Kernel.Sys;

/// <summary><c>KKASSERT</c> and <c>panic</c>.</summary>
public static class Kassert
{
    /// <summary><c>KKASSERT(cond)</c>: panics with <paramref name="why"/> ("fn: what") when the condition is false.</summary>
    public static void KKASSERT(bool cond, string why)
    {
        if (!cond) throw new KernelPanicException(why);
    }

    /// <summary><c>KKASSERT(cond)</c> with an interpolated message, formatted only when the condition is false (the
    /// model asserts on every call, lock and reference, so a message is never built on the path that holds).</summary>
    public static void KKASSERT(bool cond, [InterpolatedStringHandlerArgument(nameof(cond))] ref KassertMessage why)
    {
        if (!cond) throw new KernelPanicException(why.ToStringAndClear());
    }

    /// <summary><c>panic(fmt)</c>.</summary>
    public static Exception panic(string why) => throw new KernelPanicException(why);
}
