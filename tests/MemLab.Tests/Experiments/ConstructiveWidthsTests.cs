using MemLab.Data.Generators;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class ConstructiveWidthsTests
{
    [Fact]
    public void Measure_GaussianData_BuildsAllThreeAndCountsTheirSlabs()
    {
        var data = GaussianGenerator.Generate(200, 10, new Seed(2));
        var widths = ConstructiveWidths.Measure(data, new Seed(1), new ManagedBlas(1));

        Assert.Equal(20, widths.NOverD);
        Assert.Equal(80, widths.BubeckBound);
        Assert.Equal(WidthOrigin.Built, widths.Baum.Origin);
        Assert.Equal(WidthOrigin.Built, widths.Bubeck.Origin);
        // Bubeck: four units per group of d = 10 points, 20 groups. Baum: two units per group of the smaller class.
        Assert.Equal(80, widths.Bubeck.Width);
        int smaller = data.ClassSizes().Min();
        Assert.Equal(2 * ((smaller + 9) / 10), widths.Baum.Width);
        Assert.Equal(WidthOrigin.Built, widths.Finke.Origin);
        Assert.True(widths.Finke.Width > 0);
    }

    [Fact]
    public void Measure_DuplicatePoints_FallsBackToTheFormulasAndSaysWhy()
    {
        // Every point twice, with its label: the slab constructions need distinct points.
        var once = GaussianGenerator.Generate(40, 4, new Seed(2));
        float[] features = [.. once.Features, .. once.Features];
        int[] labels = [.. once.Labels, .. once.Labels];
        var data = Dataset.Classification(features, 4, labels, ["0", "1"], new DatasetProvenance("test", "doubled"));

        var widths = ConstructiveWidths.Measure(data, new Seed(1), new ManagedBlas(1));

        Assert.Equal(WidthOrigin.Formula, widths.Bubeck.Origin);
        Assert.Equal(4 * 20, widths.Bubeck.Width);
        Assert.Equal(WidthOrigin.Formula, widths.Baum.Origin);
        Assert.Equal(2 * ((data.ClassSizes().Min() + 3) / 4), widths.Baum.Width);
        Assert.Contains("not built", widths.Baum.Note);
    }
}
