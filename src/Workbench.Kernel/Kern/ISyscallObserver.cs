// Observability at the dispatch point: the interface every observer (recorder, trace writer, test probe) implements.
namespace Workbench.Kernel.Kern;

/// <summary>Sees every system call and guest event at the dispatch point. Observers must not change model state:
/// they read the <see cref="CallRecord"/>, whose stamps the model wrote.</summary>
public interface ISyscallObserver
{
    void OnEnter(Machine m, CallRecord call);
    void OnExit(Machine m, CallRecord call);
}
