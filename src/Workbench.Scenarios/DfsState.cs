// The explorer's exhaustive search: stateless depth-first search over the decisions of a run (each run replays the
// script from the start, following a prefix of choices), with sleep sets (Godefroid 1996) and an optional preemption
// bound (Musuvathi and Qadeer, PLDI 2007). A step's footprint is the shared objects its switch points name (tokens,
// locks, a vkernel's entries and refs, vpte words) and the tokens and locks it releases; two steps are independent
// when their footprints are disjoint. Like loom and CHESS, this assumes that what a step touches between two switch
// points is protected by what it holds, the discipline the kernel's tokens give; a test compares the outcomes with
// and without the reduction.
using Workbench.Kernel.Sched;

namespace Workbench.Scenarios;

sealed class DfsState(ExploreOptions options)
{
    sealed class Node
    {
        public required int[] Enabled;
        public required int Current;      // -1: none (start of a block, or the last thread finished)
        public required int Preemptions;  // before this node
        public required List<(int Tid, long[] Fp)> Sleep;
        public readonly Dictionary<int, long[]?> Explored = new(); // tid -> footprint of its step from here
        public int Chosen;
        public bool IsPreemption(int tid) => Current >= 0 && Enabled.Contains(Current) && tid != Current;
    }

    readonly ExploreOptions _options = options;
    readonly List<Node> _nodes = new();
    RunStrategy? _run;
    int _prefix;           // decisions to replay from _nodes before choosing anew

    /// <summary>The strategy of the next run.</summary>
    public IScheduleStrategy Begin(Interleaver interleaver) => _run = new RunStrategy(this, interleaver);

    /// <summary>After a run: moves to the next unexplored choice; false when the space is covered.</summary>
    public bool Next()
    {
        _run?.Finish();
        _run = null;
        for (int k = _nodes.Count - 1; k >= 0; k--)
        {
            var node = _nodes[k];
            node.Explored.TryAdd(node.Chosen, null);
            foreach (var tid in node.Enabled)
            {
                if (node.Explored.ContainsKey(tid) || node.Sleep.Exists(s => s.Tid == tid) || !Allowed(node, tid)) continue;
                node.Chosen = tid;
                _nodes.RemoveRange(k + 1, _nodes.Count - k - 1);
                _prefix = k + 1;
                return true;
            }
            _nodes.RemoveAt(k);
        }
        return false;
    }

    bool Allowed(Node node, int tid) =>
        !node.IsPreemption(tid) || _options.Preemptions is not { } bound || node.Preemptions < bound;

    static bool Independent(long[] a, long[] b)
    {
        foreach (var x in a)
            if (Array.IndexOf(b, x) >= 0) return false;
        return true;
    }

    sealed class RunStrategy : IScheduleStrategy
    {
        readonly DfsState _s;
        readonly List<RunStep> _since = new(); // steps since the last decision
        int _index;

        public RunStrategy(DfsState s, Interleaver interleaver)
        {
            _s = s;
            interleaver.OnStep = step => _since.Add(step);
        }

        /// <summary>Records the footprint of the last decision's choice: the chosen thread's first step after it.</summary>
        public void Finish()
        {
            if (_index > 0 && _index <= _s._nodes.Count && _since.Count > 0 && _since[0].Tid == _s._nodes[_index - 1].Chosen)
                _s._nodes[_index - 1].Explored[_s._nodes[_index - 1].Chosen] = _since[0].Footprint;
        }

        public int Choose(ScheduleState st)
        {
            var nodes = _s._nodes;
            Node? parent = _index > 0 ? nodes[_index - 1] : null;
            // What the parent's choice did, up to here: its chosen thread's first step is that choice's footprint.
            Finish();
            if (_index < _s._prefix)
            {
                var node = nodes[_index];
                if (!node.Enabled.SequenceEqual(st.Enabled))
                    throw new InvalidOperationException($"explorer: decision {_index} replayed differently (runnable {string.Join(",", st.Enabled)}, recorded {string.Join(",", node.Enabled)}): the model is not deterministic");
                _since.Clear();
                _index++;
                return node.Chosen;
            }
            var sleep = new List<(int, long[])>();
            if (parent is not null && st.Index > 0 && _s._options.Reduction)
            {
                // A thread whose step from the parent was explored (or was asleep there) stays asleep if nothing
                // that ran since touched what its step touches.
                var candidates = parent.Sleep.Concat(parent.Explored.Where(kv => kv.Key != parent.Chosen && kv.Value is not null).Select(kv => (kv.Key, kv.Value!)));
                foreach (var (tid, fp) in candidates)
                    if (_since.TrueForAll(step => step.Tid != tid && Independent(fp, step.Footprint)))
                        sleep.Add((tid, fp));
            }
            var fresh = new Node
            {
                Enabled = st.Enabled.ToArray(), Current = st.Current, Sleep = sleep,
                Preemptions = parent is null ? 0 : parent.Preemptions + (parent.IsPreemption(parent.Chosen) ? 1 : 0),
            };
            _since.Clear();
            int choice = -1;
            int def = st.Default;
            if (!sleep.Exists(x => x.Item1 == def)) choice = def;
            else
                foreach (var tid in fresh.Enabled)
                    if (!sleep.Exists(x => x.Item1 == tid) && _s.Allowed(fresh, tid)) { choice = tid; break; }
            if (choice < 0) throw new SchedulePrunedException();
            fresh.Chosen = choice;
            nodes.Add(fresh);
            _index++;
            _s._prefix = _index;
            return choice;
        }
    }
}
