// Models sys/kern/init_sysent.c (DragonFly a2ee730d): the system call table, indexed by number. Built once from
// the SysProto structs, so the argument layout is written in one place only.
using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;

namespace Workbench.Kernel.Kern;

/// <summary><c>sysent[]</c>: every row of the table, by number and by C name, read from <see cref="SysProto"/>.</summary>
public static class Sysent
{
    static readonly SysentEntry[] Rows = typeof(SysProto).GetNestedTypes()
        .Where(t => t.GetCustomAttribute<SyscallAttribute>() is not null)
        .Select(Build)
        .OrderBy(e => e.Kind).ThenBy(e => (int)e.No)
        .ToArray();

    static readonly FrozenDictionary<Sysno, SysentEntry> ByNo = Rows.ToFrozenDictionary(e => e.No);
    static readonly FrozenDictionary<string, SysentEntry> ByName = Rows.ToFrozenDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>Every row: system calls by number, then guest events, then user accesses.</summary>
    public static IReadOnlyList<SysentEntry> All => Rows;

    /// <summary>The row of <paramref name="no"/>.</summary>
    public static SysentEntry Of(Sysno no) => ByNo[no];

    /// <summary>The row of the C name <paramref name="name"/> ("vmspace_ctl", "sysctl"), or null.</summary>
    public static SysentEntry? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The row of a <see cref="SysProto"/> struct.</summary>
    public static SysentEntry Of<T>() where T : struct, ISyscallArgs<T> => Codec<T>.Entry;

    /// <summary>The words of a typed <c>*_args</c> struct (what the caller's registers would hold).</summary>
    public static SyscallRequest Encode<T>(in T uap) where T : struct, ISyscallArgs<T> => Codec<T>.Encode(uap);

    static SysentEntry Build(Type t) =>
        (SysentEntry)typeof(Codec<>).MakeGenericType(t).GetField(nameof(Codec<SysProto.ForkArgs>.Entry), BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    /// <summary>Not in the C: the per-struct copy between argument words and fields (syscall2's copyin of the
    /// arguments), compiled once from the fields in declaration order. An int field takes the low 32 bits of its word.</summary>
    static class Codec<T> where T : struct, ISyscallArgs<T>
    {
        static readonly FieldInfo[] Fields = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Where(f => f.GetCustomAttribute<ArgAttribute>() is not null)
            .OrderBy(f => f.MetadataToken)
            .ToArray();

        static readonly int[] Slots = SlotsOf(Fields);

        internal static readonly Func<SyscallRequest, T> Decode = CompileDecode();
        internal static readonly Func<T, SyscallRequest> Encode = CompileEncode();
        static readonly Func<T, long> Result = CompileResult();

        internal static readonly SysentEntry Entry = CreateEntry();

        static SysentEntry CreateEntry()
        {
            var attr = typeof(T).GetCustomAttribute<SyscallAttribute>()!;
            var args = Fields.Select((f, i) =>
            {
                var a = f.GetCustomAttribute<ArgAttribute>()!;
                return new SyscallArg(f.Name, a.CType, a.Format, Slots[i], a.Optional, a.SizeOf);
            }).ToArray();
            return new SysentEntry(attr.No, attr.Name, attr.Kind, attr.Result, args, Call);
        }

        /// <summary>Decode the words into <c>uap</c>, run the twin, hand back errno and sysmsg_result.</summary>
        static SysResult Call(Machine m, Lwp td, SyscallRequest req)
        {
            var uap = Decode(req);
            int error = T.sy_call(m, td, ref uap);
            return error == 0 ? SysResult.Val(Result(uap)) : SysResult.Err(error);
        }

        static int[] SlotsOf(FieldInfo[] fields)
        {
            var slots = new int[fields.Length];
            int next = 0;
            for (int i = 0; i < fields.Length; i++)
                slots[i] = fields[i].FieldType == typeof(string) ? -1 : next++;
            if (next > SyscallRequest.MaxWords)
                throw new InvalidOperationException($"{typeof(T).Name}: more than {SyscallRequest.MaxWords} argument words");
            return slots;
        }

        static Func<SyscallRequest, T> CompileDecode()
        {
            var req = Expression.Parameter(typeof(SyscallRequest), "req");
            var uap = Expression.Variable(typeof(T), "uap");
            var body = new List<Expression> { Expression.Assign(uap, Expression.New(typeof(T))) };
            var word = typeof(SyscallRequest).GetMethod(nameof(SyscallRequest.Word))!;
            for (int i = 0; i < Fields.Length; i++)
            {
                Expression value = Slots[i] < 0
                    ? Expression.Property(req, nameof(SyscallRequest.Str))
                    : Expression.Convert(Expression.Call(req, word, Expression.Constant(Slots[i])), Fields[i].FieldType);
                body.Add(Expression.Assign(Expression.Field(uap, Fields[i]), value));
            }
            body.Add(uap);
            return Expression.Lambda<Func<SyscallRequest, T>>(Expression.Block([uap], body), req).Compile();
        }

        static Func<T, SyscallRequest> CompileEncode()
        {
            var uap = Expression.Parameter(typeof(T), "uap");
            var words = new Expression[SyscallRequest.MaxWords];
            Expression str = Expression.Constant(null, typeof(string));
            for (int w = 0; w < words.Length; w++) words[w] = Expression.Constant(0L);
            for (int i = 0; i < Fields.Length; i++)
            {
                if (Slots[i] < 0) str = Expression.Field(uap, Fields[i]);
                else words[Slots[i]] = Expression.Convert(Expression.Field(uap, Fields[i]), typeof(long));
            }
            var no = typeof(T).GetCustomAttribute<SyscallAttribute>()!.No;
            var ctor = typeof(SyscallRequest).GetConstructors().Single();
            var args = new Expression[] { Expression.Constant(no) }.Concat(words).Append(str);
            return Expression.Lambda<Func<T, SyscallRequest>>(Expression.New(ctor, args), uap).Compile();
        }

        static Func<T, long> CompileResult()
        {
            var uap = Expression.Parameter(typeof(T), "uap");
            var field = typeof(T).GetField("sysmsg_result")
                ?? throw new InvalidOperationException($"{typeof(T).Name}: no sysmsg_result field");
            return Expression.Lambda<Func<T, long>>(Expression.Field(uap, field), uap).Compile();
        }
    }
}
