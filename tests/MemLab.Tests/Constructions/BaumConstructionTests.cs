using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Constructions;

public class BaumConstructionTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    private static Dataset Load(string spec) => DatasetLoader.Load(spec, new DataLoadContext(TestData.Directory, Blas));

    private static BuildResult Build(Dataset data, ulong seed = 0, BaumOptions? options = null) =>
        new BaumConstruction(Blas).Build(data, options ?? new BaumOptions(), new Seed(seed));

    private static GeneralPositionReport Position(BuildResult result) => ((BaumDetails)result.Report.Details).GeneralPosition;

    [Fact]
    public void Build_2000GaussianPointsInD20_SavedNetworkVerifiesAfterReload()
    {
        var data = Load("gaussian:n=2000,d=20,labels=random,seed=1");
        var result = Build(data, 3);
        Assert.True(result.Report.Memorized, $"failures: {string.Join(",", result.Report.Verification.FailureIndices)}");
        using var folder = new TempDirectory();
        string path = folder.File("baum.safetensors");
        NetworkFile.Save(result.Network, path);
        var reloaded = Verification.Verify(NetworkFile.Load(path), data, new ManagedBlas(1));
        Assert.True(reloaded.Memorized);
        Assert.Equal(OutputRule.Sign, NetworkFile.Load(path).OutputRule);
    }

    [Fact]
    public void Build_GaussianData_ParameterCountIsTwoUnitsPerGroupOfDPointsOfTheSmallerClass()
    {
        // Gaussian points are in general position far above rounding, so no group is split: G = ceil(N_S / d).
        const int d = 20;
        var data = Load($"gaussian:n=1500,d={d},labels=random,seed=4");
        int smaller = data.ClassSizes().Min();
        int groups = (smaller + d - 1) / d;
        var result = Build(data);
        Assert.Equal(0, Position(result).SplitGroups);
        Assert.False(Position(result).Projected);
        Assert.Equal(d, Position(result).WorkingDimension);
        Assert.Equal(groups, Position(result).GroupCount);
        Assert.Equal([2 * groups, 1], result.Report.Widths);
        Assert.Equal(2L * groups * (d + 1) + 2 * groups + 1, result.Report.ParameterCount);
        Assert.Equal(Array.IndexOf(data.ClassSizes(), smaller), ((BaumDetails)result.Report.Details).GroupedClass);
    }

    [Fact]
    public void Build_EachGroupSlab_FiresOnItsOwnPointsAndOnNoPointOfTheOtherClass()
    {
        // The two units of a group are H(t + eps) and H(t - eps) with t = w.x - b: their difference is 1 exactly on the slab.
        var data = Load("gaussian:n=400,d=8,labels=random,seed=2");
        var network = Build(data, 1).Network;
        var hidden = ForwardPass.Evaluate(new Network([network.Layers[0]], OutputRule.Argmax, network.Provenance), data, Blas, Precision.Float64);
        int units = network.Layers[0].OutputCount, grouped = data.ClassSizes()[0] < data.ClassSizes()[1] ? 0 : 1;
        for (int i = 0; i < data.SampleCount; i++)
        {
            int slabs = 0;
            for (int g = 0; g < units / 2; g++) slabs += (int)(hidden[i * units + 2 * g] - hidden[i * units + 2 * g + 1]);
            if (data.Labels[i] == grouped) Assert.True(slabs >= 1, $"sample {i} of the grouped class is in no slab");
            else Assert.Equal(0, slabs);
        }
    }

    [Fact]
    public void Build_Mnist3Vs8_ProjectsToTheNumericalRankAndMemorizesOrNamesTheFragilePoints()
    {
        // The full 11,982-image run is measured by hand (see docs/constructions/baum.md); a subsample keeps this test fast.
        var data = Load("mnist:split=train,classes=3-8,subsample=1500,seed=0");
        var result = Build(data);
        var position = Position(result);
        Assert.True(position.Projected);
        Assert.InRange(position.WorkingDimension, 100, 783);
        Assert.Equal(784, result.Network.InputCount);
        Assert.True(result.Report.Memorized || result.Report.Verification.FailureIndices.All(position.FragileIndices.Contains),
            $"failures {string.Join(",", result.Report.Verification.FailureIndices)} are not explained by fragile groups");
    }

    [Fact]
    public void Build_FewerPointsThanDimensions_OneGroupAndANote()
    {
        var data = Load("gaussian:n=12,d=30,labels=random,seed=5");
        var result = Build(data);
        Assert.True(result.Report.Memorized);
        var position = Position(result);
        Assert.Equal(1, position.GroupCount);
        Assert.Equal(11, position.WorkingDimension);
        Assert.Contains(position.Notes, note => note.Contains("N = 12 points in d = 30"));
    }

    [Fact]
    public void Build_PointsOnAPlaneInR10_WorksInTheThreeDimensionalHull()
    {
        var data = Load("subspace:n=300,d=10,r=3,labels=random,seed=6");
        var result = Build(data);
        Assert.True(result.Report.Memorized);
        Assert.Equal(3, Position(result).WorkingDimension);
        Assert.True(Position(result).Projected);
    }

    [Fact]
    public void Build_UnreachableSafety_ReportsEveryPointFragileInsteadOfHidingIt()
    {
        var data = Load("gaussian:n=60,d=3,labels=random,seed=7");
        var result = Build(data, 0, new BaumOptions { RoundingSafety = 1e300 });
        var position = Position(result);
        Assert.Equal(data.ClassSizes()[((BaumDetails)result.Report.Details).GroupedClass], position.FragileIndices.Count);
        Assert.True(position.SplitGroups > 0 && position.RedrawnHyperplanes > 0);
        Assert.Contains(position.Notes, note => note.Contains("below"));
    }

    [Fact]
    public void Build_SameSeed_BitIdenticalNetwork_OtherSeedDiffers()
    {
        var data = Load("gaussian:n=300,d=6,labels=random,seed=8");
        var a = Build(data, 11).Network;
        var b = Build(data, 11).Network;
        var c = Build(data, 12).Network;
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(a.Layers[l].StoredWeights.ToArray(), b.Layers[l].StoredWeights.ToArray());
            Assert.Equal(a.Layers[l].Bias.ToArray(), b.Layers[l].Bias.ToArray());
        }
        Assert.NotEqual(a.Layers[0].StoredWeights.ToArray(), c.Layers[0].StoredWeights.ToArray());
    }

    [Fact]
    public void Build_ThreeClasses_InvalidDataSayingBinary()
    {
        var error = Assert.Throws<MemLabException>(() => Build(Load("mixture:n=90,d=3,k=3")));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("binary labels", error.Message);
        Assert.Contains("3 classes", error.Message);
    }

    [Fact]
    public void Build_RealTargets_InvalidData()
    {
        var data = Dataset.Regression([0f, 1f, 2f], 1, [0.1, 0.2, 0.3], new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("real targets", error.Message);
    }

    [Fact]
    public void Build_DuplicatePoints_InvalidDataNamingBoth()
    {
        float[] features = [0, 0, 1, 0, 0, 1, 1, 0, 2, 2];
        var data = Dataset.Classification(features, 2, [0, 1, 1, 0, 1], null, new DatasetProvenance("hand-made", "hand-made"));
        var error = Assert.Throws<MemLabException>(() => Build(data));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("samples 1 and 3 are identical", error.Message);
    }
}
