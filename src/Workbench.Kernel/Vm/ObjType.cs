// Models objtype_t of sys/vm/vm_object.h (a2ee730d).
namespace Workbench.Kernel.Vm;

/// <summary><c>objtype_t</c>.</summary>
public enum ObjType { OBJT_DEFAULT, OBJT_SWAP, OBJT_VNODE, OBJT_DEVICE }
