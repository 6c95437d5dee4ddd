// Models the kernel's panic()/KKASSERT (sys/systm.h). A broken invariant ends the simulation; the model never catches it.
namespace Workbench.Kernel.Sys;

/// <summary><c>KKASSERT</c> and <c>panic</c>.</summary>
public static class Kassert
{
    /// <summary><c>KKASSERT(cond)</c>: panics with <paramref name="why"/> ("fn: what") when the condition is false.</summary>
    public static void KKASSERT(bool cond, string why)
    {
        if (!cond) throw new KernelPanicException(why);
    }

    /// <summary><c>panic(fmt)</c>.</summary>
    public static Exception panic(string why) => throw new KernelPanicException(why);
}
