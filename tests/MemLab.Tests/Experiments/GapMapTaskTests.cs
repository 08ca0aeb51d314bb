using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Experiments;

/// <summary>The gap task's parameters for the gap map: target_kind, max_width_factor, predictors.</summary>
public class GapMapTaskTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    private static IReadOnlyDictionary<string, double?> Run(Dictionary<string, string> parameters, string data = "gaussian:n=80,d=4,seed=3") =>
        new GapTask().Run(new SweepTaskInput(DatasetLoader.Load(data, new DataLoadContext(null, Blas)), parameters, new Seed(1), Blas));

    [Fact]
    public void Geometries_UniformTargets_SamePointsWithRealTargets()
    {
        string spec = GapGeometries.Spec("mixture-10", 100, 10, new Seed(4), "uniform");
        Assert.Equal("mixture:n=100,d=10,seed=4,k=10,labels=random,targets=uniform", spec);
        var labelled = DatasetLoader.Load(GapGeometries.Spec("mixture-10", 100, 10, new Seed(4)), new DataLoadContext(null, Blas));
        var real = DatasetLoader.Load(spec, new DataLoadContext(null, Blas));
        Assert.Equal(TargetKind.Real, real.TargetKind);
        Assert.Equal(labelled.Features.ToArray(), real.Features.ToArray());
        Assert.Throws<MemLabException>(() => GapGeometries.Spec("gaussian", 100, 10, new Seed(4), "class-index"));
    }

    [Theory]
    [InlineData(50, "subspace:n=100,d=50,seed=4,r=10")]
    [InlineData(10, "subspace:n=100,d=10,seed=4,r=2")]
    [InlineData(4, "subspace:n=100,d=4,seed=4,r=1")]
    public void Geometries_SubspaceShareOfD(int d, string expected)
    {
        Assert.Equal(expected, GapGeometries.Spec("subspace-d/5", 100, d, new Seed(4)));
        Assert.Throws<MemLabException>(() => GapGeometries.Spec("subspace-d/0", 100, d, new Seed(4)));
    }

    [Fact]
    public void Geometry_RunsOnItsOwnDataWithoutLoadingTheRunsData()
    {
        var parameters = new Dictionary<string, string> { ["geometry"] = "anisotropic-100", ["steps"] = "50", ["seeds"] = "1", ["max_width"] = "8" };
        var eager = Run(parameters);
        int loads = 0;
        var lazy = new GapTask().Run(new SweepTaskInput("gaussian:n=80,d=4,seed=3",
            new Lazy<Dataset>(() => { loads++; throw new InvalidOperationException("the run's own data must not be loaded"); }), parameters, new Seed(1), Blas));
        Assert.Equal(0, loads);
        Assert.Equal(WithoutTime(eager), WithoutTime(lazy));

        // Without n and d in the run's spec the task reads them from the run's data, loading it once.
        var fromData = new GapTask().Run(new SweepTaskInput("gaussian:seed=3",
            new Lazy<Dataset>(() => { loads++; return DatasetLoader.Load("gaussian:n=80,d=4,seed=3", new DataLoadContext(null, Blas)); }), parameters, new Seed(1), Blas));
        Assert.Equal(1, loads);
        Assert.Equal(WithoutTime(eager), WithoutTime(fromData));

        // A step that reshapes the run's data (a held-out part) makes the spec's n a different N: the task loads the data.
        const string heldOut = "gaussian:n=80,d=4,seed=3,holdout=0.25,part=train";
        var reshaped = new GapTask().Run(new SweepTaskInput(heldOut,
            new Lazy<Dataset>(() => { loads++; return DatasetLoader.Load(heldOut, new DataLoadContext(null, Blas)); }), parameters, new Seed(1), Blas));
        Assert.Equal(2, loads);
        var sixty = new GapTask().Run(new SweepTaskInput("gaussian:n=60,d=4,seed=3", new Lazy<Dataset>(() => throw new InvalidOperationException()), parameters, new Seed(1), Blas));
        Assert.Equal(WithoutTime(sixty), WithoutTime(reshaped));
    }

    private static Dictionary<string, double?> WithoutTime(IReadOnlyDictionary<string, double?> metrics) =>
        metrics.Where(m => m.Key != "seconds").ToDictionary(m => m.Key, m => m.Value);

    [Fact]
    public void MaxWidthFactor_NoneMeansAboveFactorTimesNOverD()
    {
        // One training step memorizes nothing, so the search fails up to its largest width: ceil(2.5 * 80 / 4) = 50.
        var metrics = Run(new() { ["geometry"] = "gaussian", ["steps"] = "1", ["seeds"] = "1", ["max_width_factor"] = "2.5" });
        Assert.Null(metrics["gd_width"]);
        Assert.Equal(50, metrics["largest_failing_width"]);
        var larger = Run(new() { ["geometry"] = "gaussian", ["steps"] = "1", ["seeds"] = "1", ["max_width_factor"] = "2.5", ["max_width"] = "70" });
        Assert.Equal(70, larger["largest_failing_width"]);
        Assert.Throws<MemLabException>(() => Run(new() { ["steps"] = "1", ["max_width_factor"] = "-1" }));
    }

    [Fact]
    public void Predictors_RecordedOnTheGeometrysDataOnlyWhenAsked()
    {
        var without = Run(new() { ["geometry"] = "anisotropic-100", ["steps"] = "1", ["seeds"] = "1", ["max_width"] = "4" });
        Assert.Null(without["ntk_min_eigenvalue"]);
        Assert.Null(without["effective_rank"]);
        var with = Run(new() { ["geometry"] = "anisotropic-100", ["steps"] = "1", ["seeds"] = "1", ["max_width"] = "4", ["predictors"] = "1" });
        var data = DatasetLoader.Load(GapGeometries.Spec("anisotropic-100", 80, 4, new Seed(3)), new DataLoadContext(null, Blas));
        var expected = GeometryPredictors.Compute(data, GeometryReport.Describe(data, Blas), Blas, new Seed(0));
        Assert.Equal(expected.NtkSmallestEigenvalue, with["ntk_min_eigenvalue"]);
        Assert.Equal(expected.ConditionNumber, with["condition_number"]);
        Assert.Equal(1, with["ntk_exact"]);
    }

    [Fact]
    public void Targets_WithoutGeometry_Refused()
    {
        var error = Assert.Throws<MemLabException>(() => Run(new() { ["target_kind"] = "uniform", ["steps"] = "1" }));
        Assert.Contains("data spec", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gap-map")]
    [InlineData("gap-map-d10")]
    [InlineData("gap-map-full")]
    [InlineData("gap-map-16000")]
    [InlineData("gap-map-targets")]
    [InlineData("gap-map-xavier")]
    [InlineData("gap-map-quick")]
    public void CannedSpecs_NameValidGeometriesAtBothBudgetsAndEightNOverD(string name)
    {
        var spec = CannedSweeps.Find(name);
        spec.Validate();
        Assert.True(spec.Repetitions >= 3, "at least 3 data seeds per cell");
        var steps = spec.Grid.Single(p => p.Name == "steps").Values.Select(int.Parse).ToList();
        Assert.Equal([steps[0], 4 * steps[0]], steps);
        Assert.Equal(["8"], spec.Grid.Single(p => p.Name == "max_width_factor").Values);
        foreach (var cell in spec.Cells())
        {
            var p = cell.Parameters.ToDictionary(x => x.Key, x => x.Value);
            GapGeometries.Spec(p["geometry"], int.Parse(p["n"]), int.Parse(p["d"]), new Seed(1), p["target_kind"]);
            Assert.Equal(p["target_kind"] == "uniform" ? "square" : "logistic", p["loss"]);
        }
    }
}
