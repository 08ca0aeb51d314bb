using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Tests.Networks;

/// <summary>Skipping a chunk's scale product by the norm bound must never change the smallest margin, bit for bit.</summary>
public class MarginTrackerBoundTests
{
    public static TheoryData<string> Backends => new() { "managed", "openblas" };

    private static IBlas Backend(string name) => name == "managed" ? new ManagedBlas(2) : OpenBlas.Load(2);

    private static (ThresholdMargin? Margin, int Skipped) Smallest(Network network, Dataset data, IBlas blas, int chunkRows, bool bounded)
    {
        bool[] handovers = ForwardPass.BitHandovers(network);
        int chunk = ForwardPass.ChunkRows(network, chunkRows, handovers);
        var tracker = MarginTracker.For(network, blas, Math.Min(chunk, data.SampleCount), handovers, bounded: bounded)!;
        var outputs = new double[data.SampleCount * network.OutputCount];
        ForwardPass.EvaluateFloat64(network, data.Features, data.SampleCount, blas, chunkRows, outputs, tracker);
        return (tracker.Smallest, tracker.ChunksSkipped);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void FinkeOnMnist_SameSmallestMarginWithAndWithoutTheBound(string backend)
    {
        IBlas blas = Backend(backend);
        var data = DatasetLoader.Load("mnist:split=test,subsample=3000,scale=unit-ball", new DataLoadContext(TestData.Directory, blas));
        var network = new FinkeConstruction(blas).Build(data, new FinkeOptions { Width = 300, Lambda = 0.2, Cover = Cover.Random }, new Seed(2)).Network;
        var plain = Smallest(network, data, blas, 64, bounded: false);
        var bounded = Smallest(network, data, blas, 64, bounded: true);
        Assert.Equal(plain.Margin, bounded.Margin);
        Assert.Equal(0, plain.Skipped);
        Assert.True(bounded.Skipped > 0, "the bound never skipped a chunk");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void ThresholdNetworkWithTiesAtTheSmallestMargin_SameResult(string backend)
    {
        // Every point repeated in a later chunk: equal margins there must not replace the first one.
        IBlas blas = Backend(backend);
        var once = DatasetLoader.Load("gaussian:n=200,d=30,labels=random:2,seed=3", new DataLoadContext(null, blas));
        var features = once.Features.ToArray().Concat(once.Features.ToArray()).ToArray();
        var data = Dataset.Classification(features, 30, once.Labels.ToArray().Concat(once.Labels.ToArray()).ToArray(), null, DatasetProvenance.InMemory("twice"));
        Rng rng = new Seed(5).CreateRng();
        var w1 = new double[40 * 30];
        rng.FillGaussian(w1);
        var b1 = new double[40];
        for (int u = 0; u < 40; u++) b1[u] = rng.Uniform(-1, 1);
        var w2 = new double[40];
        rng.FillGaussian(w2);
        var network = new Network([new DenseLayer(30, 40, w1, b1, Activation.Threshold), new DenseLayer(40, 1, w2, [0.1], Activation.Threshold)],
            OutputRule.Sign, NetworkProvenance.Manual("test"));
        var plain = Smallest(network, data, blas, 16, bounded: false);
        var bounded = Smallest(network, data, blas, 16, bounded: true);
        Assert.Equal(plain.Margin, bounded.Margin);
        Assert.True(bounded.Margin!.Sample < 200, $"the smallest margin moved to the repeated half: {bounded.Margin}");
    }
}
