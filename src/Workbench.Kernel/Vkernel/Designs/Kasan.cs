// Not in the C: the checks KASAN would make on the model's freed objects. A vmspace_entry after kfree, or a vmspace
// after its last vmspace_free/vmspace_rel, touched again is a use after free; a second kfree is a double free.
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;

namespace Workbench.Kernel.Vkernel.Designs;

static class Kasan
{
    /// <summary>Panics ("KASAN: use-after-free") when <paramref name="ve"/> was freed.</summary>
    public static VmspaceEntry Check(VmspaceEntry ve, string where)
    {
        if (ve.Freed) throw new KernelPanicException($"KASAN: use-after-free of {ve} (kfree'd) in {where}");
        return ve;
    }

    /// <summary>The vmspace of <paramref name="ve"/>, checked: NULL is a NULL dereference, a freed one a use after free.</summary>
    public static VmSpace Vmspace(VmspaceEntry ve, string where)
    {
        var vm = Check(ve, where).vmspace ?? throw new KernelPanicException($"fatal trap: NULL pointer dereference of {ve}->vmspace in {where}");
        if (vm.Freed) throw new KernelPanicException($"KASAN: use-after-free of {vm} (released by vmspace_rel) in {where}");
        return vm;
    }

    /// <summary><c>kfree(ve)</c>: a second free is a double free.</summary>
    public static void Kfree(VmspaceEntry ve, string where)
    {
        if (ve.Freed) throw new KernelPanicException($"KASAN: double-free of {ve} in {where}");
        ve.Freed = true;
    }
}
