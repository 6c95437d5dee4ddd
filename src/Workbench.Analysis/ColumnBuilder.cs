// Parses CSV cells into Arrow arrays of one column type (invariant culture), for CsvFiles.Read.
using System.Globalization;
using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Workbench.Analysis;

/// <summary>Accumulates one column's parsed cells and builds its Arrow array.</summary>
abstract class ColumnBuilder
{
    public abstract IArrowType ArrowType { get; }

    /// <summary>Parses and appends one cell; false if it does not parse.</summary>
    public abstract bool Add(string cell);

    public abstract IArrowArray Build();

    public static ColumnBuilder For(Type t) =>
        t == typeof(long) ? new Num<long, Int64Array, Int64Array.Builder>(Int64Type.Default, new()) :
        t == typeof(int) ? new Num<int, Int32Array, Int32Array.Builder>(Int32Type.Default, new()) :
        t == typeof(ulong) ? new Num<ulong, UInt64Array, UInt64Array.Builder>(UInt64Type.Default, new()) :
        t == typeof(double) ? new Num<double, DoubleArray, DoubleArray.Builder>(DoubleType.Default, new()) :
        t == typeof(string) ? new Str() :
        throw new NotSupportedException($"no CSV column builder for {t.Name}");

    sealed class Num<T, TArray, TBuilder>(IArrowType type, TBuilder builder) : ColumnBuilder
        where T : struct, INumber<T>
        where TArray : PrimitiveArray<T>
        where TBuilder : PrimitiveArrayBuilder<T, TArray, TBuilder>
    {
        public override IArrowType ArrowType => type;

        public override bool Add(string cell)
        {
            if (cell.Length == 0) { builder.AppendNull(); return true; } // not applicable (ve_refs_* without an entry)
            if (!T.TryParse(cell, typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
                return false;
            builder.Append(v);
            return true;
        }

        public override IArrowArray Build() => builder.Build();
    }

    sealed class Str : ColumnBuilder
    {
        readonly StringArray.Builder _b = new();
        public override IArrowType ArrowType => StringType.Default;
        public override bool Add(string cell) { if (cell.Length == 0) _b.AppendNull(); else _b.Append(cell); return true; }
        public override IArrowArray Build() => _b.Build();
    }
}
