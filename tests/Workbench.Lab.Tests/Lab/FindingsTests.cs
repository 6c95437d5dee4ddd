// Workbench.Lab: a findings cell's claims, each one line, failing with the claim and the seed.
using Workbench.Kernel.Observe;

namespace Workbench.Lab.Tests.Lab;

[Collection(GlobalStateCollection.Name)]
public sealed class FindingsTests
{
    [Fact]
    public void claims_that_hold_are_counted_in_the_summary()
    {
        var f = new Findings(7).Claim(true, "a").ForEach(new[] { 1, 2 }, i => i > 0, i => $"{i} > 0").NothingLeft(default(Census)).Empty(default(Census));
        Assert.Equal("findings hold (5 claims, seed 7): done", f.Summary("done"));
    }

    [Fact]
    public void a_claim_that_does_not_hold_names_itself_and_the_seed()
    {
        var e = Assert.Throws<FindingException>(() => new Findings(3).ForEach(new[] { 1, -2 }, i => i > 0, i => $"{i} is positive"));
        Assert.Equal("finding does not hold (seed 3): -2 is positive", e.Message);
    }

    [Fact]
    public void a_vmspace_left_behind_fails_nothing_left_with_the_census()
    {
        var left = new Census(Procs: 0, Lwps: 0, Vkernels: 1, Vmspaces: 2, Refs: 0, LwpsInVmspace: 0, MapEntries: 0, ResidentPages: 0);
        var e = Assert.Throws<FindingException>(() => new Findings(1).NothingLeft(left));
        Assert.Contains("vmspaces=2", e.Message);
    }

    [Fact]
    public void output_files_go_under_the_runner_output_folder_and_plain_names_only()
    {
        var dir = Directory.CreateTempSubdirectory("wb-out-").FullName;
        var (o, n) = (Environment.GetEnvironmentVariable(Notebook.OutputVariable), Environment.GetEnvironmentVariable(Notebook.NotebookVariable));
        try
        {
            Environment.SetEnvironmentVariable(Notebook.OutputVariable, dir);
            Environment.SetEnvironmentVariable(Notebook.NotebookVariable, "03-syscall-profile");
            Assert.Equal(Path.Combine(dir, "03-syscall-profile_files", "t.arrow"), Notebook.OutputFile("t.arrow"));
            Assert.True(Directory.Exists(Path.Combine(dir, "03-syscall-profile_files")));
            Assert.Throws<ArgumentException>(() => Notebook.OutputFile("../escape.csv"));
            Assert.Throws<ArgumentException>(() => Notebook.OutputFile("/tmp/escape.csv"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Notebook.OutputVariable, o);
            Environment.SetEnvironmentVariable(Notebook.NotebookVariable, n);
            Directory.Delete(dir, recursive: true);
        }
    }
}
