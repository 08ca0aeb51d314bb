using MemLab.Constructions;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class NearestCentreTaskTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private static readonly DataLoadContext Context = new(null, Blas);

    private static IReadOnlyDictionary<string, double?> Run(string spec, Dictionary<string, string> parameters) =>
        SweepTasks.Find(NearestCentreConstruction.ConstructionId).Run(new SweepTaskInput(DatasetLoader.Load(spec, Context), parameters, new Seed(1), Blas) { DataContext = Context });

    [Fact]
    public void Run_MoonsHoldout_MemorizesAndTestsOnTheHeldOutPart()
    {
        var metrics = Run("moons:n=600,noise=0.1,holdout=0.25,part=train,seed=2", []);
        Assert.Equal(1, metrics["memorized"]);
        Assert.True(metrics["test_accuracy"] >= 0.9, $"test accuracy {metrics["test_accuracy"]}");
        Assert.Equal(SweepTasks.Find(NearestCentreConstruction.ConstructionId).Metrics.Order(), metrics.Keys.Order());
    }

    [Fact]
    public void Run_PairOfMixtureClasses_KeepsOnlyThatPairAndLeavesMirroredCellsEmpty()
    {
        const string spec = "mixture:n=300,d=4,k=3,spread=0.2,holdout=0.3,part=train,seed=4";
        var pair = Run(spec, new() { ["first"] = "0", ["second"] = "2" });
        Assert.Equal(1, pair["memorized"]);
        Assert.True(pair["test_accuracy"] > 0.9);
        // Radius 0: every training point of the pair is a centre.
        int[] sizes = DatasetLoader.Load(spec, Context).ClassSizes();
        Assert.Equal(sizes[0] + sizes[2], Run(spec, new() { ["first"] = "0", ["second"] = "2", ["radius"] = "0" })["centres"]);
        var mirrored = Run(spec, new() { ["first"] = "2", ["second"] = "0" });
        Assert.All(mirrored.Values, value => Assert.Null(value));
    }

    [Fact]
    public void Run_PairNamingAMissingClass_ThrowsListingTheClasses()
    {
        var error = Assert.Throws<MemLabException>(() => Run("mixture:n=100,d=2,k=2,holdout=0.3,part=train", new() { ["first"] = "0", ["second"] = "5" }));
        Assert.Contains("valid classes", error.Message);
    }

    [Fact]
    public void Run_BadRadius_ThrowsNamingIt()
    {
        var error = Assert.Throws<MemLabException>(() => Run("moons:n=100,holdout=0.2,part=train", new() { ["radius"] = "huge" }));
        Assert.Contains("radius", error.Message);
    }

    [Fact]
    public void CannedCifarPairs_OnSmallCifarFiles_MemorizesAndTestsThePair()
    {
        // Five training batches and a test batch in the CIFAR-10 binary format: classes 3 (dark images) and 5 (light
        // ones) with pixel noise, two images of each per batch, plus class 0 images the pair leaves out.
        using var folder = new TempDirectory();
        string batches = Path.Combine(folder.Path, "cifar-10-batches-bin");
        Directory.CreateDirectory(batches);
        var rng = new Seed(5).CreateRng();
        byte[] Batch(int[] labels) => labels.SelectMany(label => new[] { (byte)label }
            .Concat(Enumerable.Range(0, 3072).Select(_ => (byte)((label == 5 ? 160 : 40) + rng.NextInt(60))))).ToArray();
        for (int b = 1; b <= 5; b++) File.WriteAllBytes(Path.Combine(batches, $"data_batch_{b}.bin"), Batch([3, 5, 0, 3, 5]));
        File.WriteAllBytes(Path.Combine(batches, "test_batch.bin"), Batch([5, 3, 3, 5, 0, 5]));
        var spec = CannedSweeps.Find("yu-cifar10-pairs");
        var run = spec.Runs().Single(r => r.Cell.Key.StartsWith("first=3,second=5,", StringComparison.Ordinal));

        var record = SweepRunner.RunOne(spec, run, new SweepRunOptions(Blas) { DataDirectory = folder.Path });

        Assert.Equal(RunStatus.Ok, record.Status);
        Assert.Equal(1, record.Metrics["memorized"]);
        Assert.Equal(1, record.Metrics["test_accuracy"]);
        var missing = SweepRunner.RunOne(spec, run, new SweepRunOptions(Blas) { DataDirectory = Path.Combine(folder.Path, "none") });
        Assert.Equal(RunStatus.Failed, missing.Status);
        Assert.Contains("CIFAR", missing.Message, StringComparison.OrdinalIgnoreCase);
    }
}
