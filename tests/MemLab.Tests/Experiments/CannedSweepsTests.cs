using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class CannedSweepsTests
{
    [Fact]
    public void All_ShipsTheMoonsGeometryExample_Valid()
    {
        var spec = Assert.Single(CannedSweeps.All(), s => s.Name == "moons-geometry");
        spec.Validate();
        Assert.Equal("geometry", spec.Task);
        Assert.False(string.IsNullOrWhiteSpace(spec.Description));
    }

    [Theory]
    [InlineData("random-labels", "labels", "inputs", 4000, 1000)]
    [InlineData("arpit-dropout", "dropout", "labels", 2000, 500)]
    public void MemorizationDynamics_ValidTrainSweepsWhoseCellsLoadTheirHeldOutMnist(string name, string x, string series, int train, int test)
    {
        var spec = CannedSweeps.Find(name);
        spec.Validate();
        Assert.Equal("train", spec.Task);
        Assert.Contains(spec.Figures, f => f.X == x && f.Series == series && f.Y == "steps_to_memorize");
        var context = new DataLoadContext(TestData.Directory, new ManagedBlas(1));

        // The noisiest cell: all labels random on Gaussian pixels.
        var run = spec.Runs().Last();
        var data = DatasetLoader.Load(spec.DataSpecFor(run), context);
        var held = DatasetLoader.Load(HeldOutSpec.For(spec.DataSpecFor(run) + ",part=train"), context);
        Assert.Equal((train, 784, 10), (data.SampleCount, data.FeatureCount, data.ClassCount));
        Assert.Equal(test, held.SampleCount);
        Assert.Contains("Gaussian", data.Provenance.Description);
    }

    [Fact]
    public void Find_UnknownName_ListsTheShippedOnes()
    {
        var error = Assert.Throws<MemLabException>(() => CannedSweeps.Find("moons-geometri"));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("'moons-geometri'", error.Message);
        Assert.Contains("moons-geometry", error.Message.Replace("'moons-geometri'", ""));
    }
}
