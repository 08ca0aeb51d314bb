using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Constructions;

public class BubeckConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(TestData.Directory, Blas));

    private static BuildResult Build(Dataset data, ulong seed = 0, BubeckOptions? options = null) =>
        new BubeckConstruction(Blas).Build(data, options ?? new BubeckOptions(), new Seed(seed));

    private static BubeckDetails Details(BuildResult result) => (BubeckDetails)result.Report.Details;

    /// <summary>Gaussian points with real targets drawn uniformly from [-1, 1].</summary>
    private static Dataset GaussianRegression(int n, int d, ulong seed)
    {
        var rng = new Seed(seed).CreateRng();
        var features = new float[n * d];
        rng.FillGaussian(features);
        var targets = new double[n];
        for (int i = 0; i < n; i++) targets[i] = rng.Uniform(-1, 1);
        return Dataset.Regression(features, d, targets, new DatasetProvenance($"test-regression:n={n},d={d},seed={seed}", "Gaussian points, uniform targets"));
    }

    [Fact]
    public void Build_2000GaussianPointsInD20RealTargets_SavedNetworkInterpolatesAfterReload()
    {
        var data = GaussianRegression(2000, 20, 1);
        var result = Build(data, 2);
        Assert.True(result.Report.Memorized, $"max error {result.Report.Verification.MaxError}");
        Assert.Equal(OutputRule.Value, result.Network.OutputRule);
        using var folder = new TempDirectory();
        string path = folder.File("bubeck.safetensors");
        NetworkFile.Save(result.Network, path);
        var reloaded = Verification.Verify(NetworkFile.Load(path), data, new ManagedBlas(1));
        Assert.True(reloaded.Memorized);
        Assert.True(reloaded.MaxError <= Verification.DefaultTolerance);
        Assert.Equal(result.Report.Verification.MaxAbsWeight, reloaded.MaxAbsWeight);
    }

    [Fact]
    public void Build_GaussianRealTargets_ParameterCountIsFourUnitsPerGroupOfDPoints()
    {
        const int n = 1000, d = 20;
        var result = Build(GaussianRegression(n, d, 3));
        int groups = (n + d - 1) / d;
        Assert.Equal(0, Details(result).GeneralPosition.SplitGroups);
        Assert.Equal([4 * groups, 1], result.Report.Widths);
        Assert.Equal(4L * groups * (d + 1) + 4 * groups + 1, result.Report.ParameterCount);
        Assert.Equal(4, Details(result).UnitsPerGroup);
    }

    [Fact]
    public void Build_OutputWeightsAreOneOverTheSmallestDelta()
    {
        var result = Build(GaussianRegression(300, 5, 4));
        var details = Details(result);
        double largestOutput = result.Network.Layers[1].StoredWeights.ToArray().Max(Math.Abs);
        Assert.Equal(1 / details.SmallestDelta, largestOutput, 1e-9 * largestOutput);
        Assert.Equal(details.LargestOutputWeight, largestOutput, 1e-9 * largestOutput);
        Assert.True(details.SmallestDelta < details.GeneralPosition.SmallestEps);
    }

    [Fact]
    public void Build_2000GaussianPointsRandomBinaryLabels_MemorizesThroughTheSign()
    {
        var data = Load("gaussian:n=2000,d=20,labels=random,seed=5");
        var result = Build(data, 1);
        Assert.True(result.Report.Memorized, $"failures: {string.Join(",", result.Report.Verification.FailureIndices)}");
        Assert.Equal(OutputRule.Sign, result.Network.OutputRule);
        Assert.Equal(BubeckTargets.SignedBinary, Details(result).Targets);
        var outputs = ForwardPass.Evaluate(result.Network, data, Blas, Precision.Float64);
        for (int i = 0; i < data.SampleCount; i++)
            Assert.Equal(data.Labels[i] == 1 ? 1.0 : -1.0, outputs[i], 1e-6);
    }

    [Fact]
    public void Build_FourClasses_SharesTwoUnitsPerGroupAcrossTheOneHotOutputs()
    {
        const int n = 600, d = 5, k = 4;
        var data = Load($"mixture:n={n},d={d},k={k},spread=0.5,seed=6");
        var result = Build(data);
        Assert.True(result.Report.Memorized, $"failures: {string.Join(",", result.Report.Verification.FailureIndices)}");
        Assert.Equal(OutputRule.Argmax, result.Network.OutputRule);
        int groups = Details(result).GeneralPosition.GroupCount, perGroup = 2 + 2 * k;
        Assert.Equal(perGroup, Details(result).UnitsPerGroup);
        Assert.Equal([groups * perGroup, k], result.Report.Widths);
        Assert.Equal((long)groups * perGroup * (d + 1) + k * (groups * perGroup + 1), result.Report.ParameterCount);
        Assert.True(groups >= (n + d - 1) / d);
    }

    [Fact]
    public void Build_Mnist3Vs8_MemorizesOrNamesTheFailingPointsWithTheirError()
    {
        // The full 11,982-image run is measured by hand (see docs/constructions/bubeck.md); a subsample keeps this test fast.
        var data = Load("mnist:split=train,classes=3-8,subsample=1500,seed=0");
        var result = Build(data);
        var details = Details(result);
        Assert.True(details.GeneralPosition.Projected);
        Assert.True(result.Report.Memorized
            || result.Report.Verification.FailureIndices.All(details.GeneralPosition.FragileIndices.Contains)
            || details.RoundingErrorEstimate >= 1,
            $"failures {string.Join(",", result.Report.Verification.FailureIndices)} with a rounding estimate of {details.RoundingErrorEstimate}");
    }

    [Fact]
    public void Build_ToleranceBelowTheFloat64Error_NotMemorizedWithEveryFailureListed()
    {
        var data = GaussianRegression(400, 4, 7);
        var result = Build(data, 0, new BubeckOptions { Tolerance = 0 });
        var verification = result.Report.Verification;
        Assert.True(verification.MaxError > 0);
        var outputs = ForwardPass.Evaluate(result.Network, data, Blas, Precision.Float64);
        int[] expected = Enumerable.Range(0, data.SampleCount).Where(i => outputs[i] != data.Targets[i]).ToArray();
        Assert.Equal(expected, verification.FailureIndices);
        Assert.False(result.Report.Memorized);
    }

    [Fact]
    public void Build_OneClass_InvalidData()
    {
        var data = Dataset.Classification([0f, 1f, 2f], 1, [0, 0, 0], null, new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("at least two classes", error.Message);
    }

    [Fact]
    public void Build_DuplicatePointsWithRealTargets_InvalidDataNamingThem()
    {
        var data = Dataset.Regression([0f, 1f, 3f, 1f], 1, [0.5, 0.2, 0.1, 0.2], new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("samples 1 and 3 are identical", error.Message);
    }
}
