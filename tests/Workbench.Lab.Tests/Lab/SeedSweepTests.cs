// SeedSweep.Band (mean and 95% t-interval per x over seeds) and Notebook.Record outside a kernel.
namespace Workbench.Lab.Tests.Lab;

public sealed class SeedSweepTests
{
    [Fact]
    public void band_gives_the_mean_and_the_t_interval_per_x_in_ascending_x()
    {
        // y = seed at x = 2 and y = 10 at x = 1 for seeds 1..4: mean 2.5, s = 1.2910, t(3) = 3.182 -> half width 2.053972.
        var band = SeedSweep.Band([1UL, 2UL, 3UL, 4UL], s => new[] { (2.0, (double)s), (1.0, 10.0) });
        Assert.Equal([1.0, 2.0], band.Select(b => b.X));
        Assert.Equal(new BandPoint(1, 4, 10, 10, 10), band[0]);
        Assert.Equal(4, band[1].Seeds);
        Assert.Equal(2.5, band[1].Mean, 9);
        Assert.Equal(2.5 - 2.053972, band[1].Lower, 5);
        Assert.Equal(2.5 + 2.053972, band[1].Upper, 5);
    }

    [Fact]
    public void one_seed_gives_a_band_of_zero_width()
    {
        var band = SeedSweep.Band([7UL], s => new[] { (1.0, 3.0) });
        Assert.Equal(new BandPoint(1, 1, 3, 3, 3), Assert.Single(band));
    }

    [Fact]
    public void record_keeps_json_types_and_outside_a_kernel_only_returns_the_record()
    {
        Assert.Equal("{\"name\":\"n\",\"value\":42}", Notebook.Record("n", 42).Json);
        Assert.Equal("{\"name\":\"x\",\"value\":0.1}", Notebook.Record("x", 0.1).Json);
        Assert.Equal("{\"name\":\"ok\",\"value\":true}", Notebook.Record("ok", true).Json);
        Assert.Equal("{\"name\":\"s\",\"value\":\"a \\\"b\\\"\"}", Notebook.Record("s", "a \"b\"").Json);
        Assert.Equal("{\"name\":\"nan\",\"value\":\"NaN\"}", Notebook.Record("nan", double.NaN).Json);
        Assert.Equal("x = 0.1", Notebook.Record("x", 0.1).ToString());
        Assert.Throws<ArgumentException>(() => Notebook.Record(" ", 1));
    }
}
