// A seeded, realistic host-call workload of vkernel64 guests on the 2011 model (spec §6): boot, cpu_vmspace_alloc,
// go_user loops on vmspace_ctl(RUN), guest traps, pmap_inval_* INVALs, guest exits with their INVAL bursts, and
// vkernel exit. Simplified: no guest instruction runs; a guest event names the trap that ends an emulated run.
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Observe;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;

namespace Workbench.Analysis.Workload;

/// <summary>What a workload run left: the machine, the recorder (null when recording was off), the census and the
/// number of events (system calls and guest events) it issued.</summary>
public sealed record WorkloadRun(Machine Machine, SyscallRecorder? Recorder, WorkloadOptions Options, long Events,
    int DestroyRetries, Census Census);

/// <summary>
/// Drives a fresh <see cref="Machine"/> the way vkernel64 processes of 2011 use the VMSPACE calls (spec §6):
/// <list type="number">
/// <item>boot: enable vm.vkernel_enable, fork each vkernel from init, open and size its memory image, map the
/// trapframe pages, create its CPU LWPs, and run cpu_vmspace_alloc for the first guest processes;</item>
/// <item>each step picks a vkernel and one of its CPUs: a CPU in guest code traps back (a guest syscall, a page fault
/// that sometimes replaces a valid mapping and costs one INVAL, or a signal); an idle CPU enters a guest process
/// (vmspace_ctl RUN, busy processes chosen more often), issues a background INVAL, spawns a guest process, or lets one
/// exit (one INVAL per page it touched, then vmspace_destroy);</item>
/// <item>at the end every vkernel exits, some with CPUs still inside a vmspace.</item>
/// </list>
/// A destroy that meets another CPU still running in the exiting guest returns EBUSY (the window of spec §7 B4,
/// where the real vkernel panics); the workload keeps the guest as dying and retries on later steps instead.
/// Any other failure of a call the vkernel treats as fatal throws <see cref="InvalidOperationException"/>.
/// Deterministic: the same options give the same calls in the same order. Not thread-safe.
/// </summary>
public sealed partial class VkernelWorkload
{
    /// <summary>Guest RAM: the size of each memory image file.</summary>
    public const long GuestRam = 64L << 20;

    readonly WorkloadOptions _o;
    readonly Machine _m;
    readonly SplitMix64 _rng;
    readonly List<VkernelState> _vkernels = new();
    readonly Action<HostCall> _hostCall;
    long _events;
    int _retries;

    VkernelWorkload(WorkloadOptions o, Machine m)
    {
        _o = o;
        _m = m;
        _rng = new SplitMix64(o.Seed * 0x9E3779B97F4A7C15UL + 7);
        _hostCall = OnHostCall;
    }

    /// <summary>Runs a workload on a new machine seeded with <see cref="WorkloadOptions.Seed"/>; with
    /// <paramref name="record"/> a <see cref="SyscallRecorder"/> is attached from the first call on.</summary>
    public static WorkloadRun Run(WorkloadOptions options, bool record = true)
    {
        return Run(options, record, observer: null);
    }

    /// <summary>As <see cref="Run(WorkloadOptions, bool)"/> with one more observer attached to the dispatch point (for
    /// benchmarks: a do-nothing observer measures the cost of the dispatch hook itself).</summary>
    internal static WorkloadRun Run(WorkloadOptions options, bool record, ISyscallObserver? observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var m = new Machine(new MachineOptions { Seed = options.Seed });
        if (observer is not null) m.Attach(observer);
        var recorder = record ? SyscallRecorder.Attach(m, (int)Math.Min(1L << 26, 64 + 2L * options.Steps)) : null;
        var w = new VkernelWorkload(options, m);
        w.Boot();
        for (int i = 0; i < options.Steps; i++) w.Step();
        if (options.ExitAtEnd) w.ExitAll();
        return new WorkloadRun(m, recorder, options, w._events, w._retries, Census.Take(m));
    }

    SysResult Call(SysResult r)
    {
        _events++;
        return r;
    }

    SysResult Must(SysResult r, string what)
    {
        _events++;
        if (!r.Ok && r.Error != Errno.EJUSTRETURN)
            throw new InvalidOperationException($"workload seed {_o.Seed}: {what} = {r.Format()} instead of success; the vkernel would panic here (spec §6)");
        return r;
    }

    /// <summary>The hook the workload gives <see cref="HostProtocol"/>: counts the event; a checked call that did
    /// not succeed is where the vkernel would panic, so the run stops with its seed.</summary>
    void OnHostCall(HostCall c)
    {
        _events++;
        if (c.Checked && !c.Succeeded)
            throw new InvalidOperationException($"workload seed {_o.Seed}: {c.What} = {c.Result.Format()} instead of success; the vkernel would panic here (spec §6)");
    }

    void Boot()
    {
        var init = _m.Init!;
        Must(_m.SysctlSet(init, "vm.vkernel_enable", 1), "sysctl(vm.vkernel_enable, 1)");
        for (int k = 0; k < _o.Vkernels; k++)
        {
            int pid = (int)Must(_m.Fork(init), "fork()").Value;
            var main = _m.FindLwp(pid)!;
            var path = $"/var/vkernel/memimage.{k}";
            int fd = (int)Must(_m.Open(main, path, Fcntl.O_RDWR | Fcntl.O_CREAT, 0x180), $"open({path})").Value;
            Must(_m.Ftruncate(main, fd, GuestRam), "ftruncate(MemImageFd)");
            ulong frames = HostProtocol.AllocFrames(_m, main, _o.CpusPerVkernel, _hostCall);
            var vk = new VkernelState(main, fd, frames, new GuestPmapIds(_o.Seed + (ulong)k));
            vk.Cpus.Add(main);
            for (int c = 1; c < _o.CpusPerVkernel; c++)
                vk.Cpus.Add(_m.FindLwp((int)Must(_m.LwpCreate(main), "lwp_create()").Value)!);
            _vkernels.Add(vk);
            for (int g = 0; g < _o.GuestProcesses; g++) Spawn(vk, main);
        }
    }

    void Step()
    {
        var vk = _vkernels[(int)_rng.Below((ulong)_vkernels.Count)];
        int cpu = (int)_rng.Below((ulong)vk.Cpus.Count);
        var td = vk.Cpus[cpu];
        if (td.InVmspace)
        {
            Trap(vk, td);
            return;
        }
        if (vk.Dying.Count > 0) // retry the destroy of a guest whose exit met EBUSY
        {
            TryDestroy(vk, td, vk.Dying[0]);
            return;
        }
        double total = _o.RunWeight + _o.InvalWeight + _o.SpawnWeight + _o.ExitWeight;
        double u = Uniform() * total;
        if ((u -= _o.RunWeight) < 0) Run(vk, td, cpu);
        else if ((u -= _o.InvalWeight) < 0) InvalRandom(vk, td);
        else if ((u -= _o.SpawnWeight) < 0) { if (vk.Guests.Count < _o.MaxGuestProcesses) Spawn(vk, td); else Run(vk, td, cpu); }
        else { if (vk.Guests.Count > 1) GuestExit(vk, td); else Spawn(vk, td); }
    }

    double Uniform() => (_rng.Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A guest process index skewed towards the front (the minimum of two uniform draws): a few busy
    /// processes and a long tail, as on a real guest.</summary>
    int Pick(int n) => (int)Math.Min(_rng.Below((ulong)n), _rng.Below((ulong)n));

    void ExitAll()
    {
        foreach (var vk in _vkernels)
        {
            var caller = vk.Cpus.FirstOrDefault(c => !c.InVmspace);
            if (caller is null) // every CPU is in guest code: a signal brings CPU 0 back first
            {
                Call(_m.GuestTrap(vk.Cpus[0], 0));
                caller = vk.Cpus[0];
            }
            Call(_m.Exit(caller, 0)); // CPUs still inside print "killed with active VC" (vkernel_lwp_exit)
        }
    }
}
