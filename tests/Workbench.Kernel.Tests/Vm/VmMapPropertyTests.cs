// Property test: thousands of seeded random vm_map operations on a small window, with CheckInvariants after every
// step and a page-by-page reference model of what each page maps (attributes and contents).
using Workbench.Kernel;
using Workbench.Kernel.Sys;
using Workbench.Kernel.Vm;
using static Workbench.Kernel.Sys.Mman;
using static Workbench.Kernel.Tests.Vm.VmKit;

namespace Workbench.Kernel.Tests.Vm;

public class VmMapPropertyTests
{
    const ulong W = 0x2000_0000UL;     // window base
    const int Pages = 48;              // window size in pages
    const int Steps = 4000;

    /// <summary>What one page should be: mapped, with these attributes and these contents.</summary>
    sealed record RefPage(int Prot, int MapType, int Inheritance, bool File, ulong Pindex)
    {
        public byte Anon;             // contents of an anonymous page, or of a copy-on-write file page's copy
        public bool Cow;              // a file page made copy-on-write by a fork with VM_INHERIT_COPY
        public bool HasCopy;          // ... and written since, so it has its own copy

        public byte Read(Model m) => File && !(Cow && HasCopy) ? m.FileByte[Pindex] : Anon;

        public void Write(Model m, byte v)
        {
            if (File && !Cow) m.FileByte[Pindex] = v;
            else { Anon = v; HasCopy = true; }
        }
    }

    sealed class Model
    {
        public readonly RefPage?[] Page = new RefPage?[Pages];
        public readonly byte[] FileByte = new byte[Pages * 2];   // first byte of each file page
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(0xC0FFEEUL)]
    public void random_insert_remove_madvise_inherit_and_copy_keep_the_map_consistent(ulong seed)
    {
        var k = new VmKit(seed: seed);
        var rng = new SplitMix64(seed);
        var vm = k.NewVmspace();
        var map = vm.vm_map;
        var (_, vp) = k.OpenRegular("/tmp/prop", (ulong)Pages * 2 * P, Fcntl.FREAD | Fcntl.FWRITE);
        var file = vp.v_object!;
        var model = new Model();
        string op = "";
        for (int step = 0; step < Steps; step++)
        {
            int s = (int)rng.Below(Pages), n = 1 + (int)rng.Below(8);
            int e = Math.Min(Pages, s + n);
            ulong va = W + (ulong)s * P, vend = W + (ulong)e * P;
            string ctx() => $"seed {seed} step {step} op {op}\n{Dump(map)}";
            switch (rng.Below(8))
            {
                case 0:
                case 1:
                    {
                        int prot = new[] { VM_PROT_READ, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_NONE, VM_PROT_ALL }[rng.Below(4)];
                        int mt = rng.Below(4) == 0 ? VM_MAPTYPE_VPAGETABLE : VM_MAPTYPE_NORMAL;
                        bool useFile = rng.Below(3) == 0;
                        ulong fpi = rng.Below(Pages);
                        op = $"insert [{s},{e}) prot={prot} mt={mt} file={useFile}@{fpi}";
                        if (useFile) file.vm_object_reference();
                        int rv = map.vm_map_insert(useFile ? file : null, useFile ? fpi * P : 0, va, vend, mt, prot, VM_PROT_ALL, 0);
                        bool free = Enumerable.Range(s, e - s).All(i => model.Page[i] is null);
                        Check((rv == KERN_SUCCESS) == free, () => $"insert returned {rv} with free={free}; {ctx()}");
                        if (rv != KERN_SUCCESS) { if (useFile) file.vm_object_deallocate(); break; }
                        for (int i = s; i < e; i++)
                            model.Page[i] = new RefPage(prot, mt, VM_INHERIT_DEFAULT, useFile, fpi + (ulong)(i - s));
                        break;
                    }
                case 2:
                    op = $"remove [{s},{e})";
                    Assert.Equal(KERN_SUCCESS, map.vm_map_remove(va, vend));
                    for (int i = s; i < e; i++) model.Page[i] = null;
                    break;
                case 3:
                    {
                        int behav = (int)rng.Below(12);
                        long value = (long)(rng.Below(16) << 12 | Vk.VPTE_V);
                        op = $"madvise [{s},{e}) behav={behav}";
                        int err = map.vm_map_madvise(va, vend, behav, value);
                        bool normalInRange = Enumerable.Range(s, e - s).Any(i => model.Page[i] is { MapType: VM_MAPTYPE_NORMAL });
                        int expected = behav == MADV_SETMAP && normalInRange ? Errno.EINVAL : 0;
                        Check(err == expected, () => $"madvise returned {err} instead of {expected}; {ctx()}");
                        if (behav == MADV_INVAL)
                            Assert.Equal(0, ResidentIn(vm, va, vend));
                        break;
                    }
                case 4:
                    {
                        int inh = (int)rng.Below(3);
                        op = $"inherit [{s},{e}) {inh}";
                        Assert.Equal(KERN_SUCCESS, map.vm_map_inherit(va, vend, inh));
                        for (int i = s; i < e; i++)
                            if (model.Page[i] is { } p) model.Page[i] = p with { Inheritance = inh, Anon = p.Anon };
                        break;
                    }
                case 5:
                case 6:
                    {
                        byte v = (byte)(1 + rng.Below(255));
                        op = $"copyout page {s} = {v}";
                        int err = VmCopy.copyout(vm, new[] { v }, va);
                        var p = model.Page[s];
                        bool ok = p is { MapType: VM_MAPTYPE_NORMAL } && (p.Prot & VM_PROT_WRITE) != 0;
                        Check((err == 0) == ok, () => $"copyout returned {err}, expected ok={ok}; {ctx()}");
                        if (ok) p!.Write(model, v);
                        break;
                    }
                default:
                    {
                        op = $"copyin page {s}";
                        var b = new byte[1];
                        int err = VmCopy.copyin(vm, va, b);
                        var p = model.Page[s];
                        bool ok = p is { MapType: VM_MAPTYPE_NORMAL } && (p.Prot & VM_PROT_READ) != 0;
                        Check((err == 0) == ok, () => $"copyin returned {err}, expected ok={ok}; {ctx()}");
                        if (ok)
                        {
                            byte want = p!.Read(model);
                            Check(b[0] == want, () => $"read {b[0]} instead of {want}; {ctx()}");
                        }
                        break;
                    }
            }
            Check(vm.CheckInvariants(out var why), () => $"{why}; {ctx()}");
            CheckAgainstModel(map, model, ctx);
            if (step % 500 == 499) CheckFork(vm, model, ctx);
        }
        vm.vmspace_free();
        Assert.Equal(1, file.RefCount);
    }

    /// <summary>Assert with a message built only on failure (the map dump is expensive).</summary>
    static void Check(bool cond, Func<string> message)
    {
        if (!cond) Assert.Fail(message());
    }

    /// <summary>vmspace_fork of the current state: NONE pages are absent, the others are mapped with the same
    /// attributes and contents; the child is then freed and the parent must be unchanged.</summary>
    static void CheckFork(VmSpace vm, Model model, Func<string> ctx)
    {
        var child = vm.vmspace_fork();
        Check(child.CheckInvariants(out var why), () => $"child: {why}; {ctx()}");
        var b = new byte[1];
        for (int i = 0; i < Pages; i++)
        {
            ulong va = W + (ulong)i * P;
            var e = child.vm_map.vm_map_lookup_entry(va);
            var p = model.Page[i];
            if (p is null || p.Inheritance == VM_INHERIT_NONE) { Check(e is null, () => $"child page {i}: {e}; {ctx()}"); continue; }
            Check(e is not null && e.protection == p.Prot && e.maptype == p.MapType, () => $"child page {i}: {e} instead of {p}; {ctx()}");
            if (p.MapType != VM_MAPTYPE_NORMAL || (p.Prot & VM_PROT_READ) == 0) continue;
            Check(VmCopy.copyin(child, va, b) == 0, () => $"child copyin page {i} failed; {ctx()}");
            byte want = p.Read(model);
            Check(b[0] == want, () => $"child page {i} reads {b[0]} instead of {want}; {ctx()}");
        }
        child.vmspace_free();
        // vm_map_copy_entry made the parent's COPY-inherited file entries copy-on-write as well.
        foreach (var p in model.Page)
            if (p is { File: true, Cow: false, Inheritance: VM_INHERIT_COPY }) p.Cow = true;
        Check(vm.CheckInvariants(out why), () => $"parent after child free: {why}; {ctx()}");
    }

    static void CheckAgainstModel(VmMap map, Model model, Func<string> ctx)
    {
        for (int i = 0; i < Pages; i++)
        {
            var e = map.vm_map_lookup_entry(W + (ulong)i * P);
            var p = model.Page[i];
            if (p is null) { Check(e is null, () => $"page {i} mapped by {e} instead of unmapped; {ctx()}"); continue; }
            Check(e is not null, () => $"page {i} unmapped instead of {p}; {ctx()}");
            Check((e!.protection, e.maptype, e.inheritance) == (p.Prot, p.MapType, p.Inheritance),
                () => $"page {i}: {e} instead of {p}; {ctx()}");
        }
    }
}
