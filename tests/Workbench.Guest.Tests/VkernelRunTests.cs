// The simulated vkernel end to end: it boots as init.c does, runs guest processes on several CPUs through the real
// fault path, keeps the INVAL protocol, and shuts down leaving nothing behind (spec §6).
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Observe;

namespace Workbench.Guest.Tests;

public class VkernelRunTests
{
    static (Machine M, Vkernel Vk, VkernelStats S) Run(VkernelOptions o)
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1, Seed = o.Seed });
        var vk = new Vkernel(m, o);
        var s = vk.Run();
        return (m, vk, s);
    }

    [Fact]
    public void the_vkernel_boots_runs_100_guest_processes_and_shuts_down_with_the_census_empty()
    {
        var (m, _, s) = Run(new VkernelOptions { Processes = 100, Cpus = 4, Seed = 7 });
        Assert.Equal(100, s.Spawned);
        Assert.Equal(100, s.Exited);
        Assert.Equal(100, s.Execs);
        Assert.True(Census.Take(m).IsEmpty, Census.Take(m).ToString());
        Assert.Empty(Invariants.Check(m));
    }

    [Fact]
    public void boot_makes_the_host_calls_of_init_c_in_order()
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1 });
        var calls = new List<string>();
        m.Attach(new Recorder(calls));
        var vk = new Vkernel(m, new VkernelOptions { Cpus = 2 });
        vk.Boot();
        Assert.Equal(["sysctl", "open", "ftruncate", "mmap", "madvise", "mcontrol", "mmap", "mmap", "lwp_create"], calls);
        Assert.Equal(Vkernel.KvaHint, vk.Kva);
        var kva = m.Init!.lwp_proc.p_vmspace.vm_map.entries.Single(e => e.start == vk.Kva);
        Assert.Equal(Vkernel.KvaHint, kva.offset);                       // file offset == address
        Assert.Equal(Workbench.Kernel.Sys.Mman.VM_MAPTYPE_VPAGETABLE, kva.maptype);
    }

    [Fact]
    public void a_vkernel_refuses_to_boot_when_vm_vkernel_enable_is_0()
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 0 });
        var e = Assert.Throws<VkernelPanicException>(() => new Vkernel(m).Boot());
        Assert.Contains("vm.vkernel_enable is 0", e.Message);
    }

    [Fact]
    public void tearing_down_a_guest_address_space_costs_one_MADV_INVAL_per_resident_page_and_one_destroy()
    {
        var (_, _, s) = Run(new VkernelOptions { Processes = 20, Cpus = 2, Seed = 3 });
        var exits = s.Teardowns.Where(t => !t.Exec).ToList();
        Assert.NotEmpty(exits);
        Assert.All(exits, t => Assert.Equal(t.ResidentPages, t.Invals));
        Assert.Contains(exits, t => t.ResidentPages >= 4);
        Assert.Equal(s.Teardowns.Count, (int)s.HostCalls["vmspace_destroy"]);
    }

    [Fact]
    public void most_guest_accesses_hit_the_pmap_and_the_host_resolves_the_first_write_after_a_read()
    {
        var (m, _, s) = Run(new VkernelOptions { Processes = 30, Cpus = 3, Seed = 5, Passes = 32 });
        var c = m.Counters;
        Assert.True(c.TlbHits > 0.9 * c.GuestAccesses, $"tlb hits {c.TlbHits} of {c.GuestAccesses}");
        Assert.True(c.FaultsResolved > 0, "no fault was resolved in the host");       // first writes after reads
        Assert.Equal(s.ReflectedFaults, c.FaultsReflected);
        Assert.Equal(s.ReflectedFaults, s.PagesMapped + s.CowFaults);
        Assert.True(c.VpteMUpdates > 0 && c.VpteAUpdates > 0);
    }

    [Fact]
    public void copy_on_write_after_fork_costs_an_INVAL_to_protect_and_one_more_to_restore_each_page_of_init()
    {
        var (_, vk, s) = Run(new VkernelOptions { Processes = 10, Cpus = 1, Seed = 2, InitPages = 3, Concurrency = 1 });
        Assert.Equal(10, s.Forks);
        Assert.True(s.CowFaults >= 3 * (s.Forks - 1), $"cow faults {s.CowFaults} for {s.Forks} forks");
        Assert.NotNull(vk.InitProcess);
    }

    [Fact]
    public void the_same_seed_gives_the_same_run_and_another_seed_a_different_one()
    {
        string Sig(ulong seed)
        {
            var (m, _, s) = Run(new VkernelOptions { Processes = 15, Cpus = 3, Seed = seed });
            return $"{m.Tick} {m.Counters.TlbHits} {s.ReflectedFaults} {s.Invals} {string.Join(",", s.HostCalls)}";
        }
        Assert.Equal(Sig(11), Sig(11));
        Assert.NotEqual(Sig(11), Sig(12));
    }

    [Fact]
    public void guest_page_tables_written_by_the_vkernel_are_what_the_host_walks()
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1 });
        m.FaultLog = new();
        var vk = new Vkernel(m, new VkernelOptions { Processes = 3, Cpus = 2 });
        vk.Run();
        var resolved = m.FaultLog.Where(f => !f.Reflected).ToList();
        Assert.NotEmpty(resolved);
        Assert.All(resolved, f => Assert.Equal(4, f.Walk.Levels));          // every resolution walked 4 levels
        Assert.Contains(m.FaultLog, f => f.Reflected && f.Walk.Failure == Workbench.Kernel.Vm.VpteFailure.NotValid);
    }

    [Fact]
    public void every_invariant_holds_after_every_host_call_and_guest_event_of_a_vkernel_run()
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1, Seed = 4 });
        var checker = new InvariantChecker();
        m.Attach(checker);
        new Vkernel(m, new VkernelOptions { Processes = 12, Cpus = 3, Seed = 4, Quantum = 37 }).Run();
        Assert.True(checker.Calls > 1000, $"only {checker.Calls} calls checked");
        Assert.True(checker.Broken is null, checker.Broken);
    }

    sealed class InvariantChecker : Workbench.Kernel.Kern.ISyscallObserver
    {
        public int Calls;
        public string? Broken;
        public void OnEnter(Machine m, Workbench.Kernel.Kern.CallRecord call) { }
        public void OnExit(Machine m, Workbench.Kernel.Kern.CallRecord call)
        {
            Calls++;
            if (Broken is null && Invariants.Check(m) is { Count: > 0 } bad)
                Broken = $"after call {call.Seq} {call.Request.Name}: {string.Join("; ", bad)}";
        }
    }

    sealed class Recorder(List<string> calls) : Workbench.Kernel.Kern.ISyscallObserver
    {
        public void OnEnter(Machine m, Workbench.Kernel.Kern.CallRecord call) => calls.Add(call.Request.Name);
        public void OnExit(Machine m, Workbench.Kernel.Kern.CallRecord call) { }
    }
}
