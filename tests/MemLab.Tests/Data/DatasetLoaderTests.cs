using MemLab.Data;
using MemLab.Data.Generators;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Data;

public class DatasetLoaderTests
{
    private static readonly DataLoadContext Context = new(null, new ManagedBlas(1));

    [Fact]
    public void Load_UnknownSource_ThrowsListingValidSources()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("moon:n=10", Context));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'moon'", error.Message);
        Assert.Contains("anisotropic, cifar10, circles, csv, cube, finke-moons, gaussian, mixture, mnist, moons, npy, sphere, subspace", error.Message);
    }

    [Fact]
    public void Load_UnknownKey_ThrowsNamingKeyAndListingValidKeys()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("moons:n=10,k=3", Context));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("unknown key 'k'", error.Message);
        Assert.Contains("n, noise, d, seed, classes, labels, subsample, fraction, inputs, pca, scale, holdout, part", error.Message);
    }

    [Theory]
    [InlineData("moons:n=0", "n=0")]
    [InlineData("moons:noise=-1", "noise=-1")]
    [InlineData("circles:factor=1", "factor=1")]
    [InlineData("anisotropic:cond=0.5", "cond=0.5")]
    [InlineData("sphere:separation=3", "separation=3")]
    [InlineData("moons:scale=big", "scale=big")]
    [InlineData("moons:holdout=0", "holdout=0")]
    [InlineData("moons:holdout=0.2,part=validation", "part=validation")]
    [InlineData("moons:subsample=-5", "subsample=-5")]
    [InlineData("moons:seed=-1", "seed=-1")]
    [InlineData("moons:classes=0--1", "classes=0--1")]
    [InlineData("moons:labels=shuffle", "labels=shuffle")]
    [InlineData("moons:labels=random:1", "labels=random:1")]
    [InlineData("moons:labels=randomize:1.5", "labels=randomize:1.5")]
    [InlineData("moons:part=test", "part=test needs holdout")]
    [InlineData("moons:inputs=uniform", "inputs=uniform")]
    public void Load_BadValue_ThrowsInvalidSpecNamingIt(string spec, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load(spec, Context));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Load_BadStepValue_ReportedBeforeTheSourceRuns()
    {
        // The sphere cannot hold 100 points this far apart, but the bad scale value is found first.
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("sphere:n=100,d=2,separation=1.9,scale=big", Context));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
    }

    [Fact]
    public void Load_DocumentedExample_1000PointsInClassesOf500()
    {
        var data = DatasetLoader.Load("moons:n=1000,noise=0.05,seed=0", Context);

        Assert.Equal([500, 500], data.ClassSizes());
        Assert.Equal(MoonsGenerator.Generate(1000, 0.05, new Seed(0)).ContentHash(), data.ContentHash());
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("anisotropic")]
    [InlineData("subspace")]
    [InlineData("mixture")]
    [InlineData("moons")]
    [InlineData("circles")]
    [InlineData("sphere")]
    [InlineData("cube")]
    public void Load_SourceWithoutKeys_UsesTheDocumentedDefaults(string source)
    {
        var seed = new Seed(0);
        Dataset expected = source switch
        {
            "gaussian" => GaussianGenerator.Generate(1000, 10, seed),
            "anisotropic" => AnisotropicGenerator.Generate(1000, 10, 100, seed),
            "subspace" => SubspaceGenerator.Generate(1000, 10, 2, seed),
            "mixture" => MixtureGenerator.Generate(1000, 10, 3, 0.1, seed),
            "moons" => MoonsGenerator.Generate(1000, 0, seed),
            "circles" => CirclesGenerator.Generate(1000, 0, 0.8, seed),
            "sphere" => SphereGenerator.Generate(1000, 10, 0.1, seed),
            "cube" => CubeGenerator.Generate(1000, 10, seed),
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };

        Assert.Equal(expected.ContentHash(), DatasetLoader.Load(source, Context).ContentHash());
    }

    [Fact]
    public void Load_SourceKeys_PassedToTheGenerator()
    {
        var data = DatasetLoader.Load("mixture:n=60,d=4,k=5,spread=0.5,seed=12", Context);

        Assert.Equal(MixtureGenerator.Generate(60, 4, 5, 0.5, new Seed(12)).ContentHash(), data.ContentHash());
    }

    [Fact]
    public void Load_Provenance_SpecIsCanonicalAndDescriptionListsStepsInOrder()
    {
        var data = DatasetLoader.Load(" Mixture : n=300, scale=unit-ball, holdout=0.25, subsample=100, labels=randomize:0.5, classes=2-0 ", Context);

        Assert.Equal("mixture:n=300,scale=unit-ball,holdout=0.25,subsample=100,labels=randomize:0.5,classes=2-0", data.Provenance.Spec);
        string description = data.Provenance.Description;
        string[] steps = ["mixture:", "classes 2, 0 kept", "subsample of 100", "unit ball", "training part", "labels of"];
        int[] positions = steps.Select(step => description.IndexOf(step, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Load_AllSteps_EqualTheFunctionsAppliedInOrderWithDerivedSeeds()
    {
        var seed = new Seed(21);
        Dataset expected = MixtureGenerator.Generate(300, 5, 4, 0.2, seed);
        expected = Subsets.SelectClasses(expected, [3, 1, 0]);
        expected = LabelTransforms.Corrupt(expected, 0.4, seed.Derive("labels"));
        expected = Subsets.Subsample(expected, 120, seed.Derive("subsample"));
        expected = InputTransforms.ReplaceByGaussian(expected, seed.Derive("inputs"));
        expected = Scaling.Standardize(expected);

        var data = DatasetLoader.Load(
            "mixture:n=300,d=5,k=4,spread=0.2,seed=21,scale=standardize,inputs=gaussian,subsample=120,labels=randomize:0.4,classes=3-1-0",
            Context);

        Assert.Equal(expected.ContentHash(), data.ContentHash());
    }

    [Fact]
    public void Load_HeldOutParts_RelabelTheTrainingPartAfterTheSplitAndKeepTrueTestLabels()
    {
        var seed = new Seed(21);
        Dataset whole = Scaling.Standardize(Subsets.Subsample(MixtureGenerator.Generate(300, 5, 4, 0.2, seed), 120, seed.Derive("subsample")));
        var (train, test) = Subsets.Split(whole, 0.25, seed.Derive("holdout"));
        string spec = "mixture:n=300,d=5,k=4,spread=0.2,seed=21,scale=standardize,holdout=0.25,subsample=120,labels=randomize:0.4";

        var loadedTrain = DatasetLoader.Load(spec, Context);
        var loadedTest = DatasetLoader.Load(spec + ",part=test", Context);

        Assert.Equal(LabelTransforms.Corrupt(train, 0.4, seed.Derive("labels")).ContentHash(), loadedTrain.ContentHash());
        Assert.Equal(test.ContentHash(), loadedTest.ContentHash());
    }

    [Fact]
    public void Load_HeldOutWithAllLabelsRandom_TestPartKeepsTheSourceLabels()
    {
        // Mixture labels are the component a point came from; random:4 on the whole data would leave about a quarter of them.
        var whole = DatasetLoader.Load("mixture:n=400,d=3,k=4,seed=3", Context);
        var test = DatasetLoader.Load("mixture:n=400,d=3,k=4,seed=3,labels=random:4,holdout=0.5,part=test", Context);
        var train = DatasetLoader.Load("mixture:n=400,d=3,k=4,seed=3,labels=random:4,holdout=0.5", Context);
        var trueLabel = Enumerable.Range(0, whole.SampleCount).ToDictionary(i => Key(whole, i), i => whole.Labels[i]);

        Assert.All(Enumerable.Range(0, test.SampleCount), i => Assert.Equal(trueLabel[Key(test, i)], test.Labels[i]));
        int trainAgreeing = Enumerable.Range(0, train.SampleCount).Count(i => trueLabel[Key(train, i)] == train.Labels[i]);
        Assert.InRange(trainAgreeing, 20, 80);
    }

    [Theory]
    [InlineData("mixture:n=200,d=3,k=3,seed=3,labels=random,holdout=0.5,part=test", "3 classes")]
    [InlineData("mixture:n=200,d=3,k=3,seed=3,labels=random:4,holdout=0.5", "3 classes")]
    public void Load_HeldOutWithRandomLabelsInOtherClasses_ThrowsSayingWhichLabelsFit(string spec, string held)
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load(spec, Context));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains(held, error.Message);
        Assert.Contains("labels=randomize:1", error.Message);
    }

    [Fact]
    public void Load_RandomizedLabelsWithHoldout_SplitIgnoresTheCorruption()
    {
        var clean = DatasetLoader.Load("mixture:n=400,d=3,k=4,seed=8,holdout=0.25", Context);
        var noisy = DatasetLoader.Load("mixture:n=400,d=3,k=4,seed=8,holdout=0.25,labels=randomize:1", Context);

        // The same training points in the same order (the split ignores the corruption); about 3/4 of the labels change.
        Assert.Equal(clean.Features.ToArray(), noisy.Features.ToArray());
        int changed = Enumerable.Range(0, clean.SampleCount).Count(i => clean.Labels[i] != noisy.Labels[i]);
        Assert.InRange(changed, 190, 260);
    }

    [Fact]
    public void Load_GaussianInputs_KeepShapeAndLabelsAndReplaceThePoints()
    {
        var original = DatasetLoader.Load("mixture:n=200,d=6,k=3,seed=5,inputs=original", Context);
        var noise = DatasetLoader.Load("mixture:n=200,d=6,k=3,seed=5,inputs=gaussian", Context);

        Assert.Equal(DatasetLoader.Load("mixture:n=200,d=6,k=3,seed=5", Context).ContentHash(), original.ContentHash());
        Assert.Equal((200, 6), (noise.SampleCount, noise.FeatureCount));
        Assert.Equal(original.Labels.ToArray(), noise.Labels.ToArray());
        Assert.Equal(original.ClassNames, noise.ClassNames);
        Assert.DoesNotContain(original.Features.ToArray(), noise.Features.ToArray().Contains);
        Assert.Equal(noise.ContentHash(), DatasetLoader.Load("mixture:n=200,d=6,k=3,seed=5,inputs=gaussian", Context).ContentHash());
    }

    [Theory]
    [InlineData("random", 2)]
    [InlineData("random:7", 7)]
    public void Load_RandomLabels_UseTheLabelsSeed(string labels, int classCount)
    {
        var data = DatasetLoader.Load($"gaussian:n=200,d=3,seed=4,labels={labels}", Context);

        var expected = LabelTransforms.AssignRandom(GaussianGenerator.Generate(200, 3, new Seed(4)), classCount, new Seed(4).Derive("labels"));
        Assert.Equal(expected.ContentHash(), data.ContentHash());
    }

    [Fact]
    public void Load_GeneratedLabels_LeavesTheData()
    {
        Assert.Equal(DatasetLoader.Load("moons:n=50", Context).ContentHash(), DatasetLoader.Load("moons:n=50,labels=generated", Context).ContentHash());
    }

    [Theory]
    [InlineData("pca=true")]
    [InlineData("scale=unit-ball")]
    [InlineData("scale=standardize")]
    public void Load_TrainAndTestParts_ShareTheCoordinatesOfTheWholeData(string transform)
    {
        // Fitting the transform on each part separately would put the parts in different coordinates.
        var whole = DatasetLoader.Load($"gaussian:n=120,d=4,seed=6,{transform}", Context);
        var train = DatasetLoader.Load($"gaussian:n=120,d=4,seed=6,{transform},holdout=0.25", Context);
        var test = DatasetLoader.Load($"gaussian:n=120,d=4,seed=6,{transform},holdout=0.25,part=test", Context);
        var wholeRows = Enumerable.Range(0, whole.SampleCount).Select(i => Key(whole, i)).ToHashSet();
        Assert.Equal(whole.SampleCount, train.SampleCount + test.SampleCount);
        Assert.All(Enumerable.Range(0, train.SampleCount), i => Assert.Contains(Key(train, i), wholeRows));
        Assert.All(Enumerable.Range(0, test.SampleCount), i => Assert.Contains(Key(test, i), wholeRows));
    }

    [Fact]
    public void Load_TrainAndTestParts_PartitionTheData()
    {
        var full = DatasetLoader.Load("gaussian:n=101,d=3,seed=2", Context);
        var train = DatasetLoader.Load("gaussian:n=101,d=3,seed=2,holdout=0.3", Context);
        var test = DatasetLoader.Load("gaussian:n=101,d=3,seed=2,holdout=0.3,part=test", Context);

        var rows = Enumerable.Range(0, full.SampleCount).Select(i => Key(full, i)).ToList();
        var trainRows = Enumerable.Range(0, train.SampleCount).Select(i => Key(train, i)).ToList();
        var testRows = Enumerable.Range(0, test.SampleCount).Select(i => Key(test, i)).ToList();
        Assert.Equal(101, rows.Distinct().Count());
        Assert.Equal(30, testRows.Count);
        Assert.Equal(rows.Order(StringComparer.Ordinal), trainRows.Concat(testRows).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Load_ClassesByIndex_KeepsThoseClasses()
    {
        var data = DatasetLoader.Load("mixture:n=90,k=3,classes=2-0", Context);

        Assert.Equal(["2", "0"], data.ClassNames);
        Assert.Equal([30, 30], data.ClassSizes());
    }

    [Fact]
    public void Load_UnknownClass_ThrowsListingValidClasses()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("moons:classes=0-5", Context));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'5'", error.Message);
        Assert.Contains("valid classes (index or name): 0, 1", error.Message);
    }

    [Fact]
    public void ValidKeys_EverySource_StartsWithItsOwnKeysThenTheSharedOnes()
    {
        Assert.Equal(["n", "d", "cond", "seed", "classes", "labels", "subsample", "fraction", "inputs", "pca", "scale", "holdout", "part", "targets"], DatasetLoader.ValidKeys("anisotropic"));
        Assert.Equal(13, DatasetLoader.SourceNames.Count);
    }

    private static string Key(Dataset data, int i) => string.Join(",", data.Row(i).ToArray());

    [Fact]
    public void Load_PcaCount_KeepsTheLeadingComponentsOfTheRankProjection()
    {
        var rank = DatasetLoader.Load("subspace:n=50,d=6,r=4,seed=2,pca=true", Context);
        var three = DatasetLoader.Load("subspace:n=50,d=6,r=4,seed=2,pca=3", Context);

        Assert.Equal(4, rank.FeatureCount);
        Assert.Equal(3, three.FeatureCount);
        for (int i = 0; i < 50; i++)
            Assert.Equal(rank.Row(i)[..3].ToArray(), three.Row(i).ToArray());
    }

    [Fact]
    public void Load_PcaCountAboveTheRank_ThrowsSayingTheRank()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("subspace:n=50,d=6,r=4,seed=2,pca=5", Context));
        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("numerical rank 4", error.Message);
    }

    [Fact]
    public void Load_PcaNeitherBooleanNorCount_ThrowsListingBoth()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("gaussian:n=10,pca=some", Context));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("pca=some", error.Message);
        Assert.Contains("number of components", error.Message);
    }
}
