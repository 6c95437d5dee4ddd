// The small guest layouts a test or fuzzer gives a vmspace when it wants guest accesses to land somewhere (spec §4,
// §6.2), beside the full cpu_vmspace_alloc layout of HostProtocol. Written once here, described as host calls so a
// caller that records every call it makes (the fuzzer's scenario text) can issue them itself. Deterministic.
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Guest;

/// <summary>Guest vmspace layouts other than the vkernel's own (<see cref="HostProtocol.cpu_vmspace_alloc"/>).
/// Stateless.</summary>
public static class GuestLayout
{
    /// <summary>The low guest range the layouts cover: 16 pages from guest address 0.</summary>
    public const ulong LowPagesSize = 16 * Param.PAGE_SIZE;

    /// <summary>
    /// The host calls that lay out <paramref name="id"/>'s low 16 pages, anonymous and private, in one of two ways:
    /// <list type="bullet">
    /// <item>NORMAL: one <c>vmspace_mmap(id, 0, 0x10000, PROT_READ|PROT_WRITE, MAP_ANON|MAP_PRIVATE|MAP_FIXED, -1, 0)</c>;</item>
    /// <item>VPAGETABLE (<paramref name="vpagetable"/>): the same mapping with MAP_VPAGETABLE, then
    /// <c>vmspace_mcontrol(id, 0, 0x10000, MADV_SETMAP, master)</c> with a linear master: <c>VPTE_PS|R|W|V</c> over the
    /// page <paramref name="masterPage"/> returns, so that walks can succeed without any table.</item>
    /// </list>
    /// Lazy: the caller makes each call before asking for the next and stops at the first failure (a SETMAP after a
    /// failed mmap is never described), and <paramref name="masterPage"/> is asked only when the SETMAP is reached,
    /// so a seeded caller draws its page at the same point whatever happened before.
    /// </summary>
    public static IEnumerable<HostCallStep> LowPages(ulong id, bool vpagetable, Func<ulong> masterPage)
    {
        long flags = MAP_ANON | MAP_PRIVATE | MAP_FIXED | (vpagetable ? MAP_VPAGETABLE : 0);
        yield return new HostCallStep("vmspace_mmap", [(long)id, 0, (long)LowPagesSize, PROT_READ | PROT_WRITE, flags, -1, 0]);
        if (!vpagetable) yield break;
        ulong master = VPTE_PS | VPTE_R | VPTE_W | VPTE_V | masterPage();
        yield return new HostCallStep("vmspace_mcontrol", [(long)id, 0, (long)LowPagesSize, MADV_SETMAP, (long)master]);
    }
}
