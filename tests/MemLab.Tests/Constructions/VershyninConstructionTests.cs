using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Randomness;

namespace MemLab.Tests.Constructions;

public class VershyninConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(null, Blas));

    private static Dataset Sphere(int seed, int n = 300, int d = 16) => Load($"sphere:n={n},d={d},separation=0.5,seed={seed}");

    private static VershyninOptions Options(params int[] architecture) => new() { Architecture = architecture };

    private static BuildResult Build(Dataset data, VershyninOptions options, ulong seed, IBlas? blas = null) =>
        new VershyninConstruction(blas ?? Blas).Build(data, options, new Seed(seed));

    [Theory]
    [InlineData(VershyninActivation.Threshold, new[] { 16, 300, 300, 60, 1 })]
    [InlineData(VershyninActivation.Mixed, new[] { 16, 600, 600, 60, 1 })]
    [InlineData(VershyninActivation.Relu, new[] { 16, 600, 600, 60, 1 })]
    [InlineData(VershyninActivation.Threshold, new[] { 16, 300, 300, 330, 330, 60, 1 })]
    [InlineData(VershyninActivation.Mixed, new[] { 16, 600, 600, 630, 630, 60, 1 })]
    public void Build_SeparatedRandomLabels_MemorizedForAtLeastNineOfTenSeeds(VershyninActivation activation, int[] architecture)
    {
        // The acceptance shape (random labels on separated unit vectors, >= 9 of 10 seeds) at a test-sized N.
        var options = Options(architecture) with { Activation = activation };
        int memorized = Enumerable.Range(0, 10).Count(seed => Build(Sphere(seed, n: 200), options, (ulong)seed).Report.Memorized);
        Assert.True(memorized >= 9, $"memorized for {memorized} of 10 seeds");
    }

    [Fact]
    public void Build_FiveHiddenLayers_SharesThePointsByConnectionsAndCarriesTheCode()
    {
        var result = Build(Sphere(1), Options(16, 300, 300, 330, 330, 60, 1), 1);
        var details = (VershyninDetails)result.Report.Details;
        Assert.True(result.Report.Memorized);
        Assert.Equal([3, 4, 5], details.Layers.Select(l => l.Layer));
        // Layer 3 carries 300 code units and holds (330 - 300) / 2 = 15 pairs; layer 4 has an accumulator too: 14 pairs;
        // the last layer holds its accumulator and 29 pairs.
        Assert.Equal([15, 14, 29], details.Layers.Select(l => l.Pairs));
        Assert.All(details.Layers.Take(2), l => Assert.Equal(300, l.CodeWidth));
        Assert.Equal(details.PositiveCount, details.Layers.Sum(l => l.Points));
        // Every layer's pairs read a 300-unit code, so the points follow the pair counts 15 : 14 : 29 within one point.
        for (int l = 0; l < 3; l++)
            Assert.InRange(details.Layers[l].Points, details.PositiveCount * details.Layers[l].Pairs / 58.0 - 1, details.PositiveCount * details.Layers[l].Pairs / 58.0 + 1);
    }

    [Fact]
    public void Build_NarrowBottleneck_ReEnrichesTheCodeAndMemorizes()
    {
        var result = Build(Sphere(2), Options(16, 300, 300, 80, 200, 1), 2);
        var details = (VershyninDetails)result.Report.Details;
        Assert.True(result.Report.Memorized);
        Assert.True(details.Layers[0].ReEnriched);
        Assert.Equal(80, details.Layers[0].CodeWidth);
        Assert.Equal(0, details.Layers[0].Pairs);
        Assert.Contains(details.Orthogonality, o => o.Stage == "re-enrichment (layer 3)" && o.Width == 80);
        Assert.Equal(99, details.Layers[1].Pairs);
    }

    [Fact]
    public void Build_ParameterAndDeepConnectionCounts_MatchTheArchitecture()
    {
        int[] arch = [16, 300, 300, 80, 200, 1];
        var result = Build(Sphere(3), Options(arch), 3);
        // Every weight and bias: 16*300+300 + 300*300+300 + 300*80+80 + 80*200+200 + 200*1+1.
        Assert.Equal(5100 + 90300 + 24080 + 16200 + 201, result.Report.ParameterCount);
        // Deep connections: from the second hidden layer on, 300*80 + 80*200 + 200*1.
        var details = (VershyninDetails)result.Report.Details;
        Assert.Equal(24000 + 16000 + 200, details.DeepConnections);
        Assert.Equal(40200 / 300.0, details.ConnectionsPerPoint, 12);
        Assert.Equal([300, 300, 80, 200, 1], result.Report.Widths);
    }

    [Fact]
    public void Build_EnrichmentII_FoldedLayerEqualsTheUnfoldedComputation()
    {
        // Unfolded: U = H(G1 x - Q^-1(p1)), z = (U - p1) / sqrt(m1 p1 (1 - p1)), V = H(G2 z - Q^-1(p2)) with G2 drawn
        // row by row from seed.Derive("enrichment-2") as the remarks document; the network's first two layers must agree.
        var data = Sphere(4);
        const int m1 = 300, m2 = 300;
        var seed = new Seed(4);
        var network = Build(data, Options(16, m1, m2, 60, 1), 4).Network;
        double p1 = 50.0 / m1, p2 = 50.0 / m2, b2 = GaussianTail.UpperQuantile(p2);
        var g2 = new double[m2 * m1];
        seed.Derive("enrichment-2").CreateRng().FillGaussian(g2);
        var twoLayers = new Network(network.Layers.Take(2).ToList(), OutputRule.Argmax, NetworkProvenance.Manual());
        var oneLayer = new Network(network.Layers.Take(1).ToList(), OutputRule.Argmax, NetworkProvenance.Manual());
        double[] u = ForwardPass.Evaluate(oneLayer, data, Blas, Precision.Float64);
        double[] v = ForwardPass.Evaluate(twoLayers, data, Blas, Precision.Float64);
        double scale = Math.Sqrt(m1 * p1 * (1 - p1));
        int disagreements = 0, checkedUnits = 0;
        for (int i = 0; i < data.SampleCount; i++)
            for (int r = 0; r < m2; r++)
            {
                double pre = -b2;
                for (int c = 0; c < m1; c++) pre += g2[r * m1 + c] * (u[i * m1 + c] - p1) / scale;
                if (Math.Abs(pre) < 1e-9) continue; // on the boundary either way: rounding decides
                checkedUnits++;
                if ((pre > 0 ? 1.0 : 0.0) != v[i * m2 + r]) disagreements++;
            }
        Assert.Equal(0, disagreements);
        Assert.True(checkedUnits > 0.99 * data.SampleCount * m2);
        Assert.Contains(v, value => value == 1);
    }

    [Fact]
    public void Build_SameSeed_BitIdenticalNetworkForAnyThreadCount()
    {
        var data = Sphere(5);
        var options = Options(16, 300, 300, 330, 330, 60, 1) with { Activation = VershyninActivation.Mixed };
        var first = Build(data, options, 9, new ManagedBlas(1)).Network;
        var second = Build(data, options, 9, new ManagedBlas(2)).Network;
        var other = Build(data, options, 10).Network;
        for (int l = 0; l < first.Layers.Count; l++)
        {
            Assert.Equal(first.Layers[l].StoredWeights.ToArray(), second.Layers[l].StoredWeights.ToArray());
            Assert.Equal(first.Layers[l].Bias.ToArray(), second.Layers[l].Bias.ToArray());
        }
        Assert.NotEqual(first.Layers[0].StoredWeights.ToArray(), other.Layers[0].StoredWeights.ToArray());
    }

    [Fact]
    public void Build_NonUnitData_NormalizesItAndVerifiesOnTheUnitRows()
    {
        var data = Load("gaussian:n=200,d=16,seed=1");
        var result = Build(data, Options(16, 300, 300, 60, 1), 1);
        var details = (VershyninDetails)result.Report.Details;
        Assert.True(details.InputsNormalized);
        Assert.True(details.LargestNormDeviation > 1);
        Assert.True(result.Report.Memorized);
        var unitRows = Load("gaussian:n=200,d=16,seed=1,scale=unit-rows");
        Assert.True(Verification.Verify(result.Network, unitRows, Blas).Memorized);
        Assert.Equal(unitRows.ContentHash(), result.Network.Provenance.DataHash);
        Assert.Equal(unitRows.ContentHash(), Load(result.Network.Provenance.DataSpec!).ContentHash());
    }

    [Fact]
    public void Build_UnitData_UsedAsGiven()
    {
        var data = Sphere(6);
        var result = Build(data, Options(16, 300, 300, 60, 1), 6);
        Assert.False(((VershyninDetails)result.Report.Details).InputsNormalized);
        Assert.Equal(data.ContentHash(), result.Network.Provenance.DataHash);
    }

    [Fact]
    public void Build_OneSignDrawTooFewPairs_EveryFailureIsAnUnseparatedPoint()
    {
        // Five pairs for ~100 points: batches of ~20 on 300-unit codes cannot all separate; nothing may fail silently.
        // An unseparated point can still be memorized when another batch's pair happens to fire on it.
        var data = Sphere(7, n: 200);
        var result = Build(data, Options(16, 300, 300, 10, 1) with { SignDraws = 1 }, 7);
        var details = (VershyninDetails)result.Report.Details;
        Assert.False(result.Report.Memorized);
        Assert.Subset(details.UnseparatedIndices.ToHashSet(), result.Report.Verification.FailureIndices.ToHashSet());
        Assert.True(result.Report.Verification.FailureCount >= details.UnseparatedIndices.Count / 2);
        Assert.All(details.Thresholds, t => Assert.Equal(t.Unseparated.Count > 0, t.Margin <= 0));
        Assert.True(details.MinBatchMargin < 0);
        Assert.All(details.Thresholds, t => Assert.Equal(1, t.Draws));
    }

    [Fact]
    public void Build_OrthogonalityReport_EnrichmentMakesCodesMoreOrthogonalThanTheInputs()
    {
        var details = (VershyninDetails)Build(Sphere(8), Options(16, 300, 300, 60, 1), 8).Report.Details;
        Assert.Equal(["input", "enrichment I", "enrichment II"], details.Orthogonality.Select(o => o.Stage));
        Assert.True(details.Orthogonality[2].MeanCosine < details.Orthogonality[0].MeanCosine);
        Assert.True(details.Orthogonality[2].MaxCosine < details.Orthogonality[0].MaxCosine);
        Assert.All(details.Orthogonality, o => Assert.Equal(300, o.Points));
        Assert.All(details.Thresholds, t => Assert.True(t.Threshold > t.LargestUnwanted));
    }

    [Fact]
    public void Build_SmallerClassIsMemorized_OutputFlipsWhenItIsClassZero()
    {
        var seen = new HashSet<int>();
        for (int seed = 0; seed < 6; seed++)
        {
            var data = Sphere(seed, n: 101);
            var result = Build(data, Options(16, 300, 300, 60, 1), (ulong)seed);
            var details = (VershyninDetails)result.Report.Details;
            int[] sizes = data.ClassSizes();
            Assert.Equal(sizes[1] <= sizes[0] ? 1 : 0, details.PositiveClass);
            Assert.Equal(sizes[details.PositiveClass], details.PositiveCount);
            Assert.True(result.Report.Memorized);
            // The output sums the last layer with weight +1 (class 1 memorized) or -1 (class 0: on when nothing fires).
            double sign = details.PositiveClass == 1 ? 1 : -1;
            Assert.All(result.Network.Layers[^1].StoredWeights.ToArray(), w => Assert.True(w == 0 || w == sign));
            seen.Add(details.PositiveClass);
        }
        Assert.Equal(2, seen.Count);
    }

    [Fact]
    public void Build_ConflictingDuplicates_ThrowsInvalidData()
    {
        var features = new float[] { 1, 0, 0, 1, 1, 0, 0, -1 };
        var data = Dataset.Classification(features, 2, [0, 1, 1, 0], null, new DatasetProvenance("dup", "dup"));
        var error = Assert.Throws<MemLabException>(() => Build(data, Options(2, 100, 100, 10, 1), 0));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
    }

    [Fact]
    public void Build_CloseDifferentlyLabelledPoints_SaysWhichSparsityOrWidthWouldDo()
    {
        // Two points 0.2 apart with different labels: at p = 50/300 their codes keep a predicted cosine above 1/2.
        var features = new float[] { 1, 0, 0.98f, 0.19899749f, 0, 1, -1, 0 };
        var data = Dataset.Classification(features, 2, [0, 1, 0, 1], null, new DatasetProvenance("close", "close"));
        var error = Assert.Throws<MemLabException>(() => Build(data, Options(2, 300, 300, 10, 1), 0));
        Assert.Equal(MemLabErrorKind.HypothesisViolated, error.Kind);
        Assert.Contains("0.2 apart", error.Message);
        Assert.Contains("p1 <=", error.Message);
        Assert.Contains("m1 >=", error.Message);
        Assert.Contains("separated by at least", error.Message);
    }

    [Fact]
    public void Build_NearlyCoincidentDifferentlyLabelledPoints_SaysOnlyALargerSeparationHelps()
    {
        var features = new float[] { 1, 0, 0.9998f, 0.02f, 0, 1, -1, 0 };
        var data = Dataset.Classification(features, 2, [0, 1, 0, 1], null, new DatasetProvenance("close", "close"));
        var error = Assert.Throws<MemLabException>(() => Build(data, Options(2, 300, 300, 10, 1), 0));
        Assert.Equal(MemLabErrorKind.HypothesisViolated, error.Kind);
        Assert.Contains("No sparsity helps", error.Message);
    }

    [Fact]
    public void Build_ArchitectureTooNarrowForAnyPair_ThrowsInvalidOptions()
    {
        var error = Assert.Throws<MemLabException>(() => Build(Sphere(0), Options(16, 300, 300, 1, 1), 0));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("too narrow for any batch", error.Message);
    }

    [Fact]
    public void Build_KClasses_ExplainsBinaryAndOffersOneVsRest()
    {
        var data = Load("gaussian:n=60,d=4,seed=0,labels=random:3");
        var error = Assert.Throws<MemLabException>(() => Build(data, Options(4, 100, 100, 10, 1), 0));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("binary", error.Message);
        Assert.Contains("one-vs-rest", error.Message);
    }

    [Fact]
    public void Build_ArchitectureNotStartingWithD_ThrowsNamingD()
    {
        var error = Assert.Throws<MemLabException>(() => Build(Sphere(0), Options(8, 300, 300, 60, 1), 0));
        Assert.Contains("16", error.Message);
    }

    [Fact]
    public void Build_BatchSizeTooSmallForThePairs_ThrowsWithTheSmallestThatFits()
    {
        // 5 pairs of batch 2 hold 10 points; the class to memorize has about 100.
        var error = Assert.Throws<MemLabException>(() => Build(Sphere(0, n: 200), Options(16, 300, 300, 10, 1) with { BatchSize = 2 }, 0));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("at most 10 points", error.Message);
    }

    [Fact]
    public void ParseArchitecture_ReadsWidthsAndRejectsWords()
    {
        Assert.Equal([32, 1000, 1000, 400, 1], VershyninOptions.ParseArchitecture("32, 1000,1000,400,1"));
        var error = Assert.Throws<MemLabException>(() => VershyninOptions.ParseArchitecture("32,wide,1"));
        Assert.Contains("'wide'", error.Message);
    }

    [Fact]
    public void ProportionalSplit_FollowsWeightsAndCaps()
    {
        Assert.Equal([25, 25, 50], VershyninConstruction.ProportionalSplit(100, [1, 1, 2], [long.MaxValue, long.MaxValue, long.MaxValue]));
        Assert.Equal([34, 33, 33], VershyninConstruction.ProportionalSplit(100, [1, 1, 1], [long.MaxValue, long.MaxValue, long.MaxValue]));
        Assert.Equal([10, 45, 45], VershyninConstruction.ProportionalSplit(100, [8, 1, 1], [10, 100, 100]));
        Assert.Equal([0, 7], VershyninConstruction.ProportionalSplit(7, [0, 3], [0, 100]));
    }
}
