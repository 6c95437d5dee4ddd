// `workbench bench fault`: guest accesses per second through the modelled fault path (spec §4): a vkernel-like
// setup (memory file, DMAP window, one guest vmspace made by Workbench.Guest's HostProtocol.cpu_vmspace_alloc, 4-level
// tables), then a seeded stream of guest loads and stores over a working set. Misses fault, walk and resolve in the
// host, or are reflected to the bench's minimal vkernel, which writes the missing vpte and re-enters (go_user); every
// --inval-every accesses it invalidates one page (pmap_inval_pte: zero, pmap_inval_cpu, zero) so re-walks keep happening.
// All its vkernel host calls go through HostProtocol; only its table stores (poke) are its own.
// Outside the model: it reads the wall clock (Stopwatch), which is its purpose; only the timing varies between runs.
using System.Diagnostics;
using System.Globalization;
using Workbench.Guest;
using Workbench.Kernel;
using Workbench.Kernel.Kern;
using Workbench.Kernel.Sys;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Sys.Vk;

namespace Workbench.Cli.Bench;

/// <summary>The <c>bench fault</c> benchmark.</summary>
public static class FaultBench
{
    const ulong Dmap = 0x100_0000_0000UL, Id = 0x8000400a28UL, Guest = 0x40_0000UL;
    const ulong Pml4 = 0x1000, Pdp = 0x2000, Pd = 0x3000, PtBase = 0x4000, DataBase = 0x100000;
    const ulong RWV = VPTE_R | VPTE_W | VPTE_V;

    /// <summary>The <c>bench fault</c> subcommand: prints one line; 0 on success, 1 when the model did not behave (a failed call).</summary>
    public static System.CommandLine.Command Create(CliIo io)
    {
        var accessesOpt = CliOptions.Count("--accesses", "guest accesses to time", 10_000_000);
        var pagesOpt = CliOptions.Count("--pages", "pages in the working set", 512, 1, 512 * 64);
        var writesOpt = CliOptions.Count("--writes", "percent of accesses that are writes", 30, 0, 100);
        var invalOpt = CliOptions.Count("--inval-every", "invalidate one page every K accesses (0: never)", 10_000, 0);
        var seedOpt = CliOptions.Seed();
        var command = new System.CommandLine.Command("fault",
            "Guest accesses through the fault path over a working set, with periodic invalidations. Prints: bench fault " +
            "accesses=N seed=S accesses_per_sec=... tlb_hit_rate=... reflected=... Exit 0 ok, 1 the model misbehaved, 2 bad options.")
            { accessesOpt, pagesOpt, writesOpt, invalOpt, seedOpt };
        command.SetAction(p => Run(p.GetValue(accessesOpt), p.GetValue(pagesOpt), p.GetValue(writesOpt), p.GetValue(invalOpt), p.GetValue(seedOpt), io));
        return command;
    }

    static int Run(long accesses, long pages, long writes, long invalEvery, ulong seed, CliIo io)
    {
        TextWriter stdout = io.Out, stderr = io.Err;
        try
        {
            var r = Measure(accesses, (int)pages, (int)writes, invalEvery, seed);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench fault accesses={accesses} seed={seed} pages={pages} accesses_per_sec={r.PerSec:F0} " +
                $"tlb_hit_rate={r.HitRate:F4} resolved={r.Resolved} reflected={r.Reflected} invals={r.Invals}"));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine("bench fault: " + e.Message);
            return 1;
        }
    }

    /// <summary>What one run measured.</summary>
    public readonly record struct FaultBenchResult(double PerSec, double HitRate, long Resolved, long Reflected, long Invals);

    /// <summary>Sets up the machine, then times <paramref name="accesses"/> guest accesses (a warm-up pass first).</summary>
    public static FaultBenchResult Measure(long accesses, int pages, int writesPct, long invalEvery, ulong seed)
    {
        var m = new Machine(new MachineOptions { VkernelEnable = 1, Seed = seed });
        var vk = m.Init!;
        int fd = (int)Ok(m.Open(vk, "/var/vkernel/memimg.000", Fcntl.O_RDWR | Fcntl.O_CREAT, 0x1a4));
        ulong ram = DataBase + ((ulong)pages << 12);
        Ok(m.Ftruncate(vk, fd, (long)ram));
        Ok(m.Mmap(vk, Dmap, ram, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0));
        ulong frames = HostProtocol.AllocFrames(m, vk, 1, Require);
        HostProtocol.cpu_vmspace_alloc(m, vk, Id, fd, HostProtocol.Master(Pml4), Require);
        var cpu = m.FindLwp((int)Ok(m.LwpCreate(vk)))!;
        Ok(m.Poke(vk, Dmap + Pml4, Pdp | RWV));
        Ok(m.Poke(vk, Dmap + Pdp, Pd | RWV));
        int tables = (pages + 2 + 511) / 512 + 1;                       // PD slots from 2 on (guest 0x400000 up)
        for (int t = 0; t < tables; t++)
            Ok(m.Poke(vk, Dmap + Pd + (ulong)(2 + t) * 8, (PtBase + ((ulong)t << 12)) | RWV));

        var rng = new SplitMix64(seed);
        long invals = 0;
        void Loop(long n)
        {
            for (long i = 0; i < n; i++)
            {
                ulong page = rng.Below((ulong)pages);
                ulong va = Guest + (page << 12) + (rng.Below(512) << 3);
                int access = (long)rng.Below(100) < writesPct ? VM_PROT_WRITE : VM_PROT_READ;
                while (true)
                {
                    if (!cpu.InVmspace) HostProtocol.go_user(m, cpu, Id, frames, Require);
                    var r = m.GuestAccess(cpu, va, access);
                    if (!r.Ok) throw new InvalidOperationException($"guest_access: {r.Format()}");
                    if (r.Value == 0) break;
                    // Reflected: the vkernel maps the page (a new vpte over an invalid one needs no INVAL).
                    Ok(m.Poke(vk, Dmap + PtBase + page * 8, (DataBase + (page << 12)) | RWV | VPTE_U));
                }
                if (invalEvery > 0 && i % invalEvery == invalEvery - 1)
                {
                    ulong victim = rng.Below((ulong)pages);                 // pmap_inval_pte: zero, INVAL, zero
                    Ok(m.Poke(vk, Dmap + PtBase + victim * 8, 0));
                    HostProtocol.pmap_inval_cpu(m, vk, Id, Guest + (victim << 12), 0x1000, Require);
                    invals++;
                    Ok(m.Poke(vk, Dmap + PtBase + victim * 8, 0));
                }
            }
        }

        Loop(Math.Min(accesses, 200_000));                               // warm-up (JIT, first touches)
        var c0 = m.Counters.Snapshot();
        invals = 0;
        var sw = Stopwatch.StartNew();
        Loop(accesses);
        sw.Stop();
        var c = m.Counters;
        long total = c.GuestAccesses - c0.GuestAccesses;
        return new FaultBenchResult(
            accesses / sw.Elapsed.TotalSeconds,
            total == 0 ? 0 : (double)(c.TlbHits - c0.TlbHits) / total,
            c.FaultsResolved - c0.FaultsResolved,
            c.FaultsReflected - c0.FaultsReflected,
            invals);
    }

    /// <summary>The hook for <see cref="HostProtocol"/>: a checked vkernel host call must succeed.</summary>
    static void Require(HostCall c)
    {
        if (c.Checked && !c.Succeeded) throw new InvalidOperationException($"{c.What} = {c.Result.Format()}");
    }

    static long Ok(SysResult r) => r.Ok ? r.Value : throw new InvalidOperationException($"setup call failed: {r.Format()}");
}
