// Models panic() (sys/systm.h): a broken invariant ends the simulation; the model never catches it.
namespace Workbench.Kernel.Sys;

/// <summary>A kernel panic: an internal invariant of the model was broken. Never thrown for bad syscall arguments.</summary>
public sealed class KernelPanicException(string message) : Exception("panic: " + message);
