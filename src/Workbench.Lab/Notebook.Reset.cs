// A warm worker runs the next notebook in the same process, with this library already loaded: between notebooks it
// calls ResetProcessState, which returns every static of the workbench assemblies that a notebook can change to what
// a fresh process holds (the runner's test NotebookStaticsTests proves it field by field).
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Workbench.Lab;

public static partial class Notebook
{
    /// <summary>
    /// Not in a notebook: called by the runner's worker after a notebook closed, before the next one opens. Forgets
    /// <see cref="Setup"/> (so the next notebook's Setup registers its formatters with its fresh kernel's Formatter
    /// again) and every <see cref="RegisterFormatters"/> hook a notebook added, resets Workbench.Charts
    /// (<see cref="Workbench.Charts.Charts.ResetProcessState"/>), and empties every static
    /// <see cref="ConditionalWeakTable{TKey, TValue}"/> of the loaded Workbench assemblies (caches keyed by a notebook's
    /// objects, such as replays' recorders and the vnode pager's objects). What stays: loaded assemblies, the
    /// Plotly bridge and immutable tables. No requirements.
    /// </summary>
    public static void ResetProcessState()
    {
        lock (s_gate)
        {
            s_banner = null;
            // Hooks a notebook added go; the library's own (AnalysisFormatters' module initializer, run once per load) stay.
            s_registrations.RemoveAll(r => r.Method.DeclaringType?.Assembly is not { } a || !IsWorkbench(a));
        }
        Workbench.Charts.Charts.ResetProcessState();
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(IsWorkbench))
            foreach (var type in LoadableTypes(assembly).Where(t => !t.ContainsGenericParameters))
                foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    if (IsWeakTable(field.FieldType) && field.GetValue(null) is { } table)
                        field.FieldType.GetMethod("Clear")!.Invoke(table, null);
    }

    static bool IsWorkbench(Assembly a) => !a.IsDynamic && a.GetName().Name is { } n && n.StartsWith("Workbench.", StringComparison.Ordinal);

    static bool IsWeakTable(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ConditionalWeakTable<,>);

    static IEnumerable<Type> LoadableTypes(Assembly a)
    {
        try
        {
            return a.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
