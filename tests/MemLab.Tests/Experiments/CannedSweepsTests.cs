using MemLab.Experiments;

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

    [Fact]
    public void Find_UnknownName_ListsTheShippedOnes()
    {
        var error = Assert.Throws<MemLabException>(() => CannedSweeps.Find("moons-geometri"));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("'moons-geometri'", error.Message);
        Assert.Contains("moons-geometry", error.Message.Replace("'moons-geometri'", ""));
    }
}
