using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

public class HeldOutPairTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private static readonly DataLoadContext Context = new(null, Blas);

    private static (Dataset Train, Dataset Test)? Load(string spec, Dictionary<string, string> parameters) =>
        HeldOutPair.Load(new SweepTaskInput(DatasetLoader.Load(spec, Context), parameters, new Seed(1), Blas) { DataContext = Context }, "test");

    private static HashSet<string> Rows(Dataset data) =>
        Enumerable.Range(0, data.SampleCount).Select(i => string.Join(",", data.Row(i).ToArray())).ToHashSet();

    [Fact]
    public void Load_HoldoutSplit_TestIsTheHeldOutSideDisjointFromTraining()
    {
        var loaded = Load("mixture:n=300,d=4,k=3,spread=0.2,holdout=0.3,part=train,seed=4", []);
        Assert.NotNull(loaded);
        var (train, test) = loaded.Value;
        Assert.Equal(300, train.SampleCount + test.SampleCount);
        Assert.InRange(test.SampleCount, 80, 100);
        Assert.Empty(Rows(train).Intersect(Rows(test)));
    }

    [Fact]
    public void Load_Pair_KeepsOnlyThePairOnBothSidesRelabelledZeroAndOne()
    {
        var loaded = Load("mixture:n=300,d=4,k=3,spread=0.2,holdout=0.3,part=train,seed=4", new() { ["first"] = "0", ["second"] = "2" });
        Assert.NotNull(loaded);
        var (train, test) = loaded.Value;
        Assert.Equal(2, train.ClassCount);
        Assert.Equal(2, test.ClassCount);
        var whole = DatasetLoader.Load("mixture:n=300,d=4,k=3,spread=0.2,seed=4", Context);
        int pairSize = whole.ClassSizes()[0] + whole.ClassSizes()[2];
        Assert.Equal(pairSize, train.SampleCount + test.SampleCount);
        Assert.Empty(Rows(train).Intersect(Rows(test)));
    }
}
