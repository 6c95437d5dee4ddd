// Models one hardware PTE of the pc64 pmap (a2ee730d). Simplified: (object, pindex, writable) per virtual page.
namespace Workbench.Kernel.Vm;

/// <summary>One hardware PTE: the page of <see cref="Object"/> at <see cref="Pindex"/>, writable or not.</summary>
public readonly record struct PmapPte(VmObject Object, ulong Pindex, bool Writable);
