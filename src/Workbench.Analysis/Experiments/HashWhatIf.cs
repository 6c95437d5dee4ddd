// A what-if beside the seed: the same ids in a chained hash table instead of the red-black tree. Not a model of any
// DragonFly code (the 2017 rework added a per-LWP cache, not a hash); it prices the alternative in compares.
namespace Workbench.Analysis.Experiments;

/// <summary>How the what-if hash table maps an id to a bucket.</summary>
public enum IdHash
{
    /// <summary>The pointer's low bits (<c>id &amp; (nbuckets - 1)</c>), as a naive <c>(uintptr_t)id % n</c> would.</summary>
    LowBits,
    /// <summary>Fibonacci (multiplicative) hashing of the whole id: the top bits of <c>id * 2^64/φ</c>.</summary>
    Fibonacci,
}

/// <summary>
/// A chained hash table with a power-of-two bucket count of at least the number of ids (load factor at most 1),
/// inserting at the head of a chain (LIST_INSERT_HEAD). A lookup's cost is the number of keys compared before the
/// match, the same unit as <c>rb_vmspace_compare</c> calls in the tree. Immutable after construction; thread-safe.
/// </summary>
public sealed class HashWhatIf
{
    readonly Dictionary<ulong, int> _position = new();
    readonly int[] _chainLength;
    readonly int _shift;
    readonly ulong _mask;

    /// <summary>Builds the table from <paramref name="ids"/> in insertion order.</summary>
    public HashWhatIf(IReadOnlyList<ulong> ids, IdHash hash)
    {
        Hash = hash;
        int bits = 0;
        while ((1L << bits) < Math.Max(1, ids.Count)) bits++;
        Buckets = 1 << bits;
        _mask = (ulong)Buckets - 1;
        _shift = 64 - bits;
        _chainLength = new int[Buckets];
        var insertedAt = new Dictionary<ulong, int>(ids.Count);
        var order = new int[ids.Count];
        for (int i = 0; i < ids.Count; i++)
        {
            int b = Bucket(ids[i]);
            order[i] = _chainLength[b]++;
            insertedAt[ids[i]] = b;
        }
        // Head insertion: the last key inserted into a chain is compared first.
        for (int i = 0; i < ids.Count; i++)
            _position[ids[i]] = _chainLength[insertedAt[ids[i]]] - order[i];
    }

    /// <summary>The bucket function in use.</summary>
    public IdHash Hash { get; }

    /// <summary>Number of buckets (a power of two).</summary>
    public int Buckets { get; }

    /// <summary>Buckets holding at least one id.</summary>
    public int UsedBuckets => _chainLength.Count(n => n > 0);

    /// <summary>Longest chain.</summary>
    public int MaxChain => _chainLength.Length == 0 ? 0 : _chainLength.Max();

    /// <summary>Keys compared by a successful lookup of <paramref name="id"/> (1 = first in its chain).</summary>
    public int Probes(ulong id) => _position.TryGetValue(id, out var p) ? p
        : throw new ArgumentException($"id 0x{id:x} was never inserted", nameof(id));

    int Bucket(ulong id) => Hash switch
    {
        IdHash.LowBits => (int)(id & _mask),
        _ => _shift == 64 ? 0 : (int)((id * 0x9E3779B97F4A7C15UL) >> _shift),
    };
}
