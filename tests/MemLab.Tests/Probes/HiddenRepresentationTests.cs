using MemLab.LinearAlgebra;
using MemLab.Probes;

namespace MemLab.Tests.Probes;

public class HiddenRepresentationTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    /// <summary>2 inputs, a ReLU layer of 3 units (W rows (1, 0), (0, 1), (1, -1), biases 0, 0, -0.5), an affine output layer of 2.</summary>
    internal static Network Small(int inputs = 2)
    {
        double[] first = inputs == 2 ? [1, 0, 0, 1, 1, -1] : Enumerable.Range(0, 3 * inputs).Select(i => (double)(i % 3)).ToArray();
        return new Network(
        [
            new DenseLayer(inputs, 3, first, [0, 0, -0.5], Activation.Relu),
            new DenseLayer(3, 2, [1, 0, 0, 0, 1, 1], [0, 0], Activation.Identity),
        ], OutputRule.Argmax, NetworkProvenance.Manual());
    }

    internal static Dataset Points(params float[] features) =>
        Dataset.Classification(features, 2, new int[features.Length / 2], ["a"], DatasetProvenance.InMemory("test points"));

    [Fact]
    public void Of_FirstLayer_IsTheReluOfTheAffineMapPerPoint()
    {
        var values = HiddenRepresentation.Of(Small(), 1, Points(2, 1, -1, 3), Blas);
        // (2, 1) -> (2, 1, 2 - 1 - 0.5); (-1, 3) -> (0, 3, max(-1 - 3 - 0.5, 0)).
        Assert.Equal([2, 1, 0.5, 0, 3, 0], values);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Of_LayerOutOfRange_ThrowsListingTheValidLayers(int layer)
    {
        var e = Assert.Throws<MemLabException>(() => HiddenRepresentation.Of(Small(), layer, Points(1, 1), Blas));
        Assert.Equal(MemLabErrorKind.InvalidOptions, e.Kind);
        Assert.Contains("valid layers: 1 (3 units)", e.Message);
    }

    [Fact]
    public void Of_DataOfAnotherDimension_ThrowsInvalidData()
    {
        var e = Assert.Throws<MemLabException>(() => HiddenRepresentation.Of(Small(3), 1, Points(1, 1), Blas));
        Assert.Equal(MemLabErrorKind.InvalidData, e.Kind);
        Assert.Contains("3 inputs", e.Message);
    }

    [Fact]
    public void Compare_NetworksWithDifferentInputDimensions_ThrowsNamingBoth()
    {
        var e = Assert.Throws<MemLabException>(() =>
            RepresentationSimilarity.Compare([("a.safetensors", Small()), ("b.safetensors", Small(3))], 1, Points(1, 1), Blas));
        Assert.Contains("b.safetensors takes 3 inputs", e.Message);
        Assert.Contains("a.safetensors takes 2", e.Message);
    }

    [Fact]
    public void Compare_SameNetworkTwice_GivesOnesAndASymmetricMatrix()
    {
        var rng = new Seed(3).CreateRng();
        var features = new float[80];
        rng.FillGaussian(features);
        var report = RepresentationSimilarity.Compare([("a", Small()), ("b", Small()), ("c", Shifted())], 1, Points(features), Blas);
        Assert.Equal(1, report.Matrix[0][1], 12);
        Assert.Equal(report.Matrix[0][2], report.Matrix[2][0]);
        Assert.InRange(report.Matrix[0][2], 0, 0.999);
    }

    private static Network Shifted() => new(
    [
        new DenseLayer(2, 3, [1, 1, 0, 1, -1, 0], [0.2, 0, 0], Activation.Relu),
        new DenseLayer(3, 2, [1, 0, 0, 0, 1, 1], [0, 0], Activation.Identity),
    ], OutputRule.Argmax, NetworkProvenance.Manual());
}
