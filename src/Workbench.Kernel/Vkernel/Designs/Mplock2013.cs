// a86ce0cd3432dae6b7c762eb728684f7b101bc5f (2013-09-20), merge of the VMM GSoC project: every get_mplock/rel_mplock
// in vm_vmspace.c removed (spec §7.1). Its VMM-thread paths (td_vmm) and the new VPTE layout are not modelled: no
// modelled thread is a VMM thread, and the walk keeps the 2012 bits (the later layout is outside these designs).
namespace Workbench.Kernel.Vkernel.Designs;

/// <summary>a86ce0cd (2013): vm_vmspace.c without the MP lock; vkp->token (and vmspace_token for mmap) remain.</summary>
sealed class Mplock2013 : KernelDesign
{
    public override string Name => "a86ce0cd";
    public override string Date => "2013-09-20";
    public override string Summary => "MP lock removed from vm_vmspace.c (VMM merge); vkp->token still exclusive";
    public override KernelDesign? Previous => Seed;
    internal override bool MpLocked => false;
}
