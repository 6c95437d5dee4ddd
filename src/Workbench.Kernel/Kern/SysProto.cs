// Models sys/sys/sysproto.h (DragonFly a2ee730d): one argument struct per system call, with the C field names.
namespace Workbench.Kernel.Kern;

/// <summary>
/// <c>sysproto.h</c>: the <c>*_args</c> struct of every call the model answers, the one place the argument layout
/// is written. Each struct is a row of the system call table: <see cref="SyscallAttribute"/> gives its number and C
/// name, <see cref="ArgAttribute"/> each field's C type and print format, and <c>sy_call</c> the twin that runs it
/// with <c>ref uap</c> (the twin reads <c>uap.id</c>, <c>uap.addr</c>, ... and sets <c>uap.sysmsg_result</c>).
/// <see cref="Sysent"/> reads these structs once; the typed <see cref="Machine"/> entry points, the scenario
/// language, the fuzzer and the recorder all go through it. Struct names follow the C struct (PascalCase).
/// </summary>
public static partial class SysProto
{
}
