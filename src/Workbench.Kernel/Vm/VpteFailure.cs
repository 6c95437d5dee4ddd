// Observability of vm_fault_vpagetable (sys/vm/vm_fault.c, a2ee730d): why a walk stopped (instrumented).
using System.Buffers.Binary;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Kernel.Vm;

/// <summary>Why a virtual page-table walk stopped short (for metrics and tests), or <see cref="None"/>.</summary>
public enum VpteFailure { None, NotValid, NotReadable, NotWritable, TablePage }
