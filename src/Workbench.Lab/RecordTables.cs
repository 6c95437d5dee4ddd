// Lists of records and tuples as tables: the kernel's default shows each element as a collapsed one-line summary,
// so the column a notebook's text points to cannot be seen.
using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Workbench.Lab;

/// <summary>
/// Formats an enumerable whose elements are records (class or struct), value tuples, tuples or anonymous objects as
/// a table: one column per public property (tuples: Item1, Item2, ...), at most <see cref="DataFrameTables.MaxRows"/>
/// rows, then "… N more rows". Notebook.Setup registers it for <c>List&lt;T&gt;</c>, where a list of anything else is a
/// one-column table. Stateless; thread-safe.
/// </summary>
public static class RecordTables
{
    /// <summary>The element type when <paramref name="type"/> is an enumerable of row-like elements, else null.</summary>
    public static Type? RowType(Type type)
    {
        if (type == typeof(string)) return null;
        var element = RowElement(type);
        return element is not null && IsRowLike(element) ? element : null;
    }

    /// <summary>Records (they have a compiler-written <c>EqualityContract</c> or <c>PrintMembers</c>), tuples and anonymous types.</summary>
    public static bool IsRowLike(Type t)
    {
        if (t.IsGenericType && t.FullName is { } name && (name.StartsWith("System.ValueTuple`", StringComparison.Ordinal) || name.StartsWith("System.Tuple`", StringComparison.Ordinal)))
            return true;
        const BindingFlags any = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        if (t.GetMethod("PrintMembers", any, [typeof(System.Text.StringBuilder)]) is { } pm && pm.IsDefined(typeof(CompilerGeneratedAttribute)))
            return true;
        return t.IsDefined(typeof(CompilerGeneratedAttribute)) && t.Name.Contains("AnonymousType", StringComparison.Ordinal);
    }

    /// <summary>HTML table, or null when <paramref name="value"/> is not an enumerable of rows.</summary>
    public static string? ToHtml(object? value) =>
        Table(value, out var columns) is { } t ? t.ToHtml("workbench-records", t.Footer(columns)) : null;

    /// <summary>Fixed-width text table, or null when <paramref name="value"/> is not an enumerable of rows.</summary>
    public static string? ToText(object? value) =>
        Table(value, out var columns) is { } t ? t.ToText(t.Footer(columns)) : null;

    /// <summary>A list as a table: one column per member for rows, one "value" column for anything else.</summary>
    public static string ListHtml(object? value)
    {
        if (ToHtml(value) is { } rows) return rows;
        var t = Scalars(value);
        return t.ToHtml("workbench-records", t.Footer(1));
    }

    /// <summary>The same as fixed-width text.</summary>
    public static string ListText(object? value)
    {
        if (ToText(value) is { } rows) return rows;
        var t = Scalars(value);
        return t.ToText(t.Footer(1));
    }

    static Tables Scalars(object? value)
    {
        var items = (value as IEnumerable)?.Cast<object?>() ?? [];
        var element = value is null ? null : RowElement(value.GetType());
        long total = 0;
        var rows = new List<string?[]>();
        foreach (var item in items)
            if (total++ < DataFrameTables.MaxRows) rows.Add([item is null ? null : DataFrameTables.Cell(item)]);
        return new Tables(["value"], rows.ToArray(), [element is not null && DataFrameTables.IsNumeric(element)], total);
    }

    static Type? RowElement(Type type) => type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    static Tables? Table(object? value, out int columns)
    {
        columns = 0;
        if (value is not IEnumerable items || RowType(value.GetType()) is not { } type) return null;
        var members = Members(type);
        columns = members.Count;
        var rows = new List<string?[]>();
        long total = 0;
        foreach (var item in items)
        {
            if (total++ >= DataFrameTables.MaxRows) continue;
            rows.Add(members.Select(m => m.Get(item) is { } v ? DataFrameTables.Cell(v) : null).ToArray());
        }
        return new Tables(members.Select(m => m.Name).ToArray(), rows.ToArray(),
            members.Select(m => DataFrameTables.IsNumeric(m.Type)).ToArray(), total);
    }

    sealed record Member(string Name, Type Type, Func<object?, object?> Get);

    static List<Member> Members(Type t)
    {
        if (t.FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
            return t.GetFields().Where(f => f.Name.StartsWith("Item", StringComparison.Ordinal))
                .Select(f => new Member(f.Name, f.FieldType, o => o is null ? null : f.GetValue(o))).ToList();
        return t.GetProperties(BindingFlags.Instance | BindingFlags.Public)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken)
            .Select(p => new Member(p.Name, p.PropertyType, o => o is null ? null : p.GetValue(o))).ToList();
    }
}
