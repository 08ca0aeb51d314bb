using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Probes;

namespace MemLab.Tests.Probes;

/// <summary>The probes on constructed networks, whose first layer is a representation too (issue 9, item 3).</summary>
public class ConstructedNetworkProbeTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static Dataset Moons() => DatasetLoader.Load("moons:n=200,noise=0.05,seed=0", new DataLoadContext(null, Blas));

    private static Network Finke(Dataset data, ulong seed) =>
        new FinkeConstruction(Blas).Build(data, new FinkeOptions { Width = 60, Lambda = 0.5 }, new Seed(seed)).Network;

    [Fact]
    public void Of_FinkeFirstLayer_IsTheThresholdCodeOfEveryPoint()
    {
        var data = Moons();
        var network = Finke(data, 1);
        var layer = (DenseLayer)network.Layers[0];
        var values = HiddenRepresentation.Of(network, 1, data, Blas);
        int d = data.FeatureCount, n = layer.OutputCount;
        for (int i = 0; i < data.SampleCount; i++)
            for (int u = 0; u < n; u++)
            {
                double pre = layer.Bias[u];
                for (int k = 0; k < d; k++) pre += layer.Weights[u * d + k] * data.Features[i * d + k];
                Assert.Equal(pre > 0 ? 1.0 : 0.0, values[i * n + u]);
            }
    }

    [Fact]
    public void Compare_TwoFinkeNetworksAndANearestCentreNetwork_GivesAFullSymmetricMatrix()
    {
        var data = Moons();
        var centres = new NearestCentreConstruction(Blas).Build(data, new NearestCentreOptions(), new Seed(0)).Network;
        var report = RepresentationSimilarity.Compare([("finke-1", Finke(data, 1)), ("finke-2", Finke(data, 2)), ("nearest-centre", centres)], 1, data, Blas);
        Assert.Equal([60, 60, centres.Layers[0].OutputCount], report.Widths);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(1.0, report.Matrix[i][i], 12);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(report.Matrix[i][j], report.Matrix[j][i], 12);
                Assert.InRange(report.Matrix[i][j], 0.0, 1.0 + 1e-12);
            }
        }
        // Two random threshold layers of the same data share structure, but are not the same code.
        Assert.InRange(report.Matrix[0][1], 0.05, 0.99);
    }
}
