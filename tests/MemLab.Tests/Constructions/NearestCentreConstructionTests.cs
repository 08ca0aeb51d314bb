using System.Globalization;
using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Constructions;

public class NearestCentreConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec, string? directory = null) => DatasetLoader.Load(spec, new DataLoadContext(directory, Blas));

    private static BuildResult Build(Dataset data, NearestCentreOptions options, ulong seed = 0, IBlas? blas = null) =>
        new NearestCentreConstruction(blas ?? Blas).Build(data, options, new Seed(seed));

    private static Dataset Points(float[] features, int d, int[] labels, int? classCount = null) =>
        Dataset.Classification(features, d, labels, classCount is { } k ? Enumerable.Range(0, k).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray() : null,
            new DatasetProvenance("hand-made", "hand-made"));

    private static int Predict(Network network, params float[] point) =>
        ForwardPass.PredictClass(network.OutputRule, ForwardPass.Evaluate(network, point, 1, Blas, Precision.Float64));

    [Fact]
    public void Build_ThreeClassMixture_MemorizesAndStillDoesAfterSaveAndReload()
    {
        var data = Load("mixture:n=300,d=5,k=3,spread=0.3,seed=2");
        var built = Build(data, new NearestCentreOptions());
        Assert.True(built.Report.Memorized, $"failures: {string.Join(", ", built.Report.Verification.FailureIndices)}");
        using var folder = new TempDirectory();
        string path = folder.File("nearest.safetensors");
        NetworkFile.Save(built.Network, path);
        var reloaded = NetworkFile.Load(path);
        Assert.True(Verification.Verify(reloaded, data, Blas).Memorized);
        Assert.Equal(built.Network.ParameterCount, reloaded.ParameterCount);
    }

    [Fact]
    public void Build_AutoRadius_IsHalfTheClassSeparationOfTheGeometryReport()
    {
        var data = Load("moons:n=400,noise=0.1,seed=1");
        var details = (NearestCentreDetails)Build(data, new NearestCentreOptions()).Report.Details;
        double delta = GeometryReport.Describe(data, Blas).MinDistanceBetweenClasses!.Value;
        Assert.Equal(delta, details.ClassSeparation, 12);
        Assert.Equal(delta / 2, details.Radius!.Value, 12);
        Assert.Equal(delta, Math.Sqrt(PointDistance.Squared(data.Row(details.ClassSeparationPair.First), data.Row(details.ClassSeparationPair.Second))), 12);
    }

    [Fact]
    public void Build_FixedRadiusNotBelowDelta_ThrowsNamingTheMaximum()
    {
        var data = Load("moons:n=400,noise=0.1,seed=1");
        double delta = ((NearestCentreDetails)Build(data, new NearestCentreOptions()).Report.Details).ClassSeparation;
        var error = Assert.Throws<MemLabException>(() => Build(data, new NearestCentreOptions { Rule = RadiusRule.Fixed, Radius = delta }));
        Assert.Equal(MemLabErrorKind.HypothesisViolated, error.Kind);
        Assert.Contains($"below {delta.ToString("G6", CultureInfo.InvariantCulture)}", error.Message);
        Assert.True(Build(data, new NearestCentreOptions { Rule = RadiusRule.Fixed, Radius = 0.999 * delta }).Report.Memorized);
    }

    [Fact]
    public void Build_HandMadeLine_ChoosesTheGreedyCentresAndPredictsTheNearestOnesLabel()
    {
        // Class 0 at 0, 1, 2 and class 1 at 10 on a line; radius 1.5: 0 is a centre, 1 lies within 1.5 of it, 2 does not.
        var data = Points([0, 1, 2, 10], 1, [0, 0, 0, 1]);
        var built = Build(data, new NearestCentreOptions { Rule = RadiusRule.Fixed, Radius = 1.5 });
        Assert.Equal([2, 1], ((NearestCentreDetails)built.Report.Details).CentresPerClass);
        Assert.True(built.Report.Memorized);
        // Centres 0, 2 and 10: the midpoint between 2 and 10 is 6.
        Assert.Equal(0, Predict(built.Network, 5.9f));
        Assert.Equal(1, Predict(built.Network, 6.1f));
        Assert.Equal(0, Predict(built.Network, -100f));
        Assert.Equal(1, Predict(built.Network, 1000f));
    }

    [Fact]
    public void Build_FourCentresAgainstOne_HasTheHandCountedWidthsAndParameters()
    {
        // Class 0: four corners 10 apart (each its own centre at radius delta/2 = 3.54); class 1: the middle point.
        // Score layer: 5 units x (2 weights + bias) = 15, dense.
        // ReLU layer 1 (sparse): class 0 two pairs, each a, -a (one score each) and b - a (two), 4 weights + 3 biases;
        // class 1 carried as a, -a: 2 weights + 2 biases. 8 units, 14 + 4 = 18 parameters.
        // ReLU layer 2: class 0 one pair of values of 3 units each: 3 + 3 + 6 weights + 3 biases = 15; class 1 carried
        // (its value has 2 units): 2 + 2 weights + 2 biases = 6. 5 units, 21 parameters.
        // Output: class 0's value (3 units) and class 1's (2 units), 5 weights + 2 biases = 7. In all 15 + 18 + 21 + 7 = 61.
        var data = Points([0, 0, 10, 0, 0, 10, 10, 10, 5, 5], 2, [0, 0, 0, 0, 1]);
        var built = Build(data, new NearestCentreOptions());
        Assert.Equal([5, 8, 5, 2], built.Report.Widths);
        Assert.Equal(61, built.Report.ParameterCount);
        Assert.Equal(4, ((NearestCentreDetails)built.Report.Details).Depth);
        Assert.IsType<DenseLayer>(built.Network.Layers[0]);
        Assert.All(built.Network.Layers.Skip(1), layer => Assert.IsType<SparseLayer>(layer));
        Assert.True(built.Report.Memorized);
        Assert.Equal(1, Predict(built.Network, 4, 6));
        Assert.Equal(0, Predict(built.Network, 9, 1));
    }

    [Fact]
    public void Build_OneCentrePerClass_IsASingleAffineLayer()
    {
        var data = Points([0, 0, 0.1f, 0, 5, 5], 2, [0, 0, 1]);
        var built = Build(data, new NearestCentreOptions());
        Assert.Equal([2], built.Report.Widths);
        Assert.Equal(3 * 2, built.Report.ParameterCount);
        Assert.True(built.Report.Memorized);
    }

    [Fact]
    public void Build_SameSeedShuffled_IdenticalNetworkForAnyThreadCount()
    {
        var data = Load("moons:n=500,noise=0.1,seed=3");
        var options = new NearestCentreOptions { Order = CentreOrder.Shuffled };
        var first = Build(data, options, 7, new ManagedBlas(1)).Network;
        var second = Build(data, options, 7, new ManagedBlas(2)).Network;
        Assert.Equal(first.Widths, second.Widths);
        for (int l = 0; l < first.Layers.Count; l++)
        {
            Assert.Equal(first.Layers[l].StoredWeights.ToArray(), second.Layers[l].StoredWeights.ToArray());
            Assert.Equal(first.Layers[l].GetType(), second.Layers[l].GetType());
            Assert.Equal(first.Layers[l].Bias.ToArray(), second.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void Build_AdaptiveRadius_NoMoreCentresThanAutoAndMemorizes()
    {
        var data = Load("moons:n=600,noise=0.1,seed=5");
        var auto = Build(data, new NearestCentreOptions());
        var adaptive = Build(data, new NearestCentreOptions { Rule = RadiusRule.Adaptive });
        Assert.True(adaptive.Report.Memorized);
        Assert.True(((NearestCentreDetails)adaptive.Report.Details).CentreCount <= ((NearestCentreDetails)auto.Report.Details).CentreCount);
    }

    [Theory]
    [InlineData("moons:n={0},noise=0.1,seed=5")]
    [InlineData("mixture:n={0},d=6,k=3,spread=0.6,seed=6")]
    public void Build_GrowingData_StoredParametersGrowLinearlyInTheCentresNotQuadratically(string spec)
    {
        var sizes = new List<(int Centres, long Parameters)>();
        int d = 0;
        foreach (int n in new[] { 150, 600, 2400 })
        {
            var data = Load(string.Format(CultureInfo.InvariantCulture, spec, n));
            var built = Build(data, new NearestCentreOptions());
            Assert.True(built.Report.Memorized, $"{data.Provenance.Spec}: failures {string.Join(", ", built.Report.Verification.FailureIndices)}");
            int centres = ((NearestCentreDetails)built.Report.Details).CentreCount;
            Assert.Equal(MaxTree.ParameterCount(data.FeatureCount, ((NearestCentreDetails)built.Report.Details).CentresPerClass), built.Report.ParameterCount);
            sizes.Add((centres, built.Report.ParameterCount));
            d = data.FeatureCount;
        }
        Assert.True(sizes[^1].Centres >= 8 * sizes[0].Centres, $"centres {string.Join(", ", sizes)}: too few to tell linear from quadratic");
        // The score layer stores d + 1 values per centre. The first tree level costs 7 per pair of scores (4 weights,
        // 3 biases), each later level at most 15 per pair of 3-unit values, and each level halves the values: about
        // 3.5 + 7.5 = 11 per centre, under 16 with the odd values carried (8 each) and the output layer.
        foreach (var (centres, parameters) in sizes)
            Assert.True(parameters <= (long)centres * (d + 1 + 16),
                $"{parameters} parameters for {centres} centres in d = {d}: more than linear");
        Assert.True(sizes[^1].Parameters < (long)sizes[^1].Centres * sizes[^1].Centres / 4, "the largest network is not far below C^2");
    }

    [Fact]
    public void Build_ClassWithoutPoints_ThrowsInvalidData()
    {
        var data = Points([0, 1, 2], 1, [0, 0, 0], classCount: 2);
        var error = Assert.Throws<MemLabException>(() => Build(data, new NearestCentreOptions()));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("no points", error.Message);
    }

    [Fact]
    public void Build_NetworkAboveTheParameterLimit_ThrowsSuggestingTheAdaptiveRule()
    {
        var data = Load("moons:n=400,noise=0.1,seed=1");
        var error = Assert.Throws<MemLabException>(() => Build(data, new NearestCentreOptions { MaxParameters = 100 }));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("adaptive", error.Message);
    }

    [Fact]
    public void WithRadius_ParsesTheThreeForms()
    {
        var options = new NearestCentreOptions();
        Assert.Equal(RadiusRule.Auto, options.WithRadius("auto").Rule);
        Assert.Equal(RadiusRule.Adaptive, options.WithRadius("Adaptive").Rule);
        Assert.Equal((RadiusRule.Fixed, 2.5), (options.WithRadius("2.5").Rule, options.WithRadius("2.5").Radius));
        Assert.Throws<MemLabException>(() => options.WithRadius("big"));
        Assert.Contains("Fraction", Assert.Throws<MemLabException>(() => new NearestCentreOptions { Fraction = 1 }.Validate()).Message);
    }

    [Fact]
    public void Build_MnistZeroVersusOneSubsample_MemorizesAndGeneralizes()
    {
        var train = Load("mnist:split=train,classes=0-1,subsample=1000,seed=1", TestData.Directory);
        var test = Load("mnist:split=test,classes=0-1,subsample=500,seed=1", TestData.Directory);
        var built = Build(train, new NearestCentreOptions { Rule = RadiusRule.Adaptive, Fraction = 0.9 });
        Assert.True(built.Report.Memorized);
        double accuracy = Evaluation.Evaluate(built.Network, test, Blas).Accuracy!.Value;
        Assert.True(accuracy >= 0.97, $"test accuracy {accuracy}");
    }
}
