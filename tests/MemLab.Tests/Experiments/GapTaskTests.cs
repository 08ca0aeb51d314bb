using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;
using MemLab.Training;

namespace MemLab.Tests.Experiments;

public class GapTaskTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Sweep_RecordsTheWidthSearchOfEachGeometry()
    {
        var spec = SweepSpec.Parse("""
            { "name": "gap-test", "task": "gap", "data": "gaussian",
              "grid": { "geometry": ["gaussian", "moons"], "n": [60], "d": [4], "lr": [0.05], "steps": [150], "seeds": [3], "start": [2], "max_width": [64] },
              "repetitions": 1, "seed": 2 }
            """, "test");
        using var store = SqliteRunStore.Open(_folder.File("gap.db"), spec, TimeSpan.FromSeconds(5));
        Assert.Equal(2, SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2)).Succeeded);

        var blas = new ManagedBlas(1);
        foreach (var (run, record) in spec.Runs().Zip(store.ReadRuns()))
        {
            string geometry = run.Cell.Parameters.Single(p => p.Key == "geometry").Value;
            var seed = DataSpec.Parse(spec.DataSpecFor(run)).GetSeed();
            var data = DatasetLoader.Load(GapGeometries.Spec(geometry, 60, 4, seed), new DataLoadContext(null, blas));
            var search = WidthSearch.Run(data, new TrainOptions { LearningRate = 0.05, Steps = 150 }, new WidthSearchOptions { Seeds = 3, Start = 2, MaxWidth = 64 },
                run.Seed.Derive("task").Derive("search"), blas);
            Assert.Equal(search.MinimumWidth, record.Metrics["gd_width"]);
            Assert.Equal(search.Trials.Count, record.Metrics["widths_tried"]);
            Assert.Equal(15, record.Metrics["n_over_d"]);
            Assert.Equal(60, record.Metrics["bubeck_bound"]);
            Assert.Equal(search.MinimumWidth / 15.0, record.Metrics["ratio_n_over_d"]);
        }
        // The moons lie in a plane of R^4: the slab constructions group by the rank, 2, not by d.
        var moons = store.ReadRuns().Single(r => r.Cell.Parameters.Any(p => p.Value == "moons"));
        Assert.True(moons.Metrics["bubeck_width"] > 60);
    }

    [Theory]
    [InlineData("anisotropic-1000", "anisotropic:n=100,d=10,seed=4,cond=1000")]
    [InlineData("subspace-5", "subspace:n=100,d=10,seed=4,r=5")]
    [InlineData("mixture-10", "mixture:n=100,d=10,seed=4,k=10,labels=random")]
    [InlineData("mnist-3-8-random", "mnist:split=train,classes=3-8,subsample=100,pca=10,seed=4,labels=random")]
    public void Geometries_NameTheirDataSpec(string geometry, string expected)
    {
        Assert.Equal(expected, GapGeometries.Spec(geometry, 100, 10, new Seed(4)));
    }

    [Theory]
    [InlineData("cube")]
    [InlineData("anisotropic-x")]
    [InlineData("mnist-3-18")]
    public void Geometries_UnknownName_ThrowsListingTheGeometries(string geometry)
    {
        var error = Assert.Throws<MemLabException>(() => GapGeometries.Spec(geometry, 100, 10, new Seed(4)));
        Assert.Contains("mnist-A-B-random", error.Message);
    }

    [Fact]
    public void Run_GdWithoutLearningRate_TrainsAtTheGdRate()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(60, 4, new Seed(3));
        var blas = new ManagedBlas(1);
        var parameters = new Dictionary<string, string> { ["optimizer"] = "gd", ["steps"] = "1000", ["seeds"] = "2", ["start"] = "4", ["max_width"] = "64" };
        var metrics = new GapTask().Run(new SweepTaskInput(data, parameters, new Seed(1), blas));

        var expected = WidthSearch.Run(data, new TrainOptions { Optimizer = Optimizer.Gd, LearningRate = WidthSearch.PlainGdLearningRate, Steps = 1000 },
            new WidthSearchOptions { Seeds = 2, Start = 4, MaxWidth = 64 }, new Seed(1).Derive("search"), blas);
        // At the trainer's default rate, 0.01, plain GD memorizes nothing in 1,000 steps; at the GD rate it does.
        Assert.NotNull(expected.MinimumWidth);
        Assert.Equal(expected.MinimumWidth, metrics["gd_width"]);
        Assert.Equal(expected.Trials.Count, metrics["widths_tried"]);
    }
}
