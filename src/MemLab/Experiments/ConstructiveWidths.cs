using MemLab.Constructions;
using MemLab.LinearAlgebra;

namespace MemLab.Experiments;

/// <summary>
/// The widths the constructions need on a dataset, to set beside the width gradient descent needs (docs/algorithms.md
/// sections 3 and 6): N/d, Bubeck et al.'s bound 4N/d, and the constructions as memlab builds them on the same data.
/// For class labels: Baum's and Bubeck's slab networks (their formulas where they do not apply) and the pruned width
/// of Dirksen, Finke and Genzel's network with its defaults. For real targets, the constructions that interpolate
/// them: Bubeck's network, Zhang et al.'s N ReLUs on a projection and Yun et al.'s two layers of about sqrt(N) units.
/// </summary>
public sealed record ConstructiveWidths
{
    /// <summary>N, the number of points.</summary>
    public required int SampleCount { get; init; }

    /// <summary>d, the input dimension.</summary>
    public required int InputDimension { get; init; }

    /// <summary>N/d: the counting lower bound on the width of a one-hidden-layer network (about N parameters).</summary>
    public double NOverD => (double)SampleCount / InputDimension;

    /// <summary>4N/d: the width of Bubeck, Eldan, Lee and Mikulincer's (2020) ReLU network on points in general position.</summary>
    public double BubeckBound => 4 * NOverD;

    /// <summary>Baum's (1988) threshold network: 2 units per group of d points of the smaller class.</summary>
    public required ConstructiveWidth Baum { get; init; }

    /// <summary>Bubeck et al.'s ReLU network: 4 units per group of d points (2 + 2K for K &gt; 2 classes).</summary>
    public required ConstructiveWidth Bubeck { get; init; }

    /// <summary>Dirksen, Finke and Genzel's network with <see cref="FinkeOptions"/> defaults: its pruned second layer (class labels only).</summary>
    public required ConstructiveWidth Finke { get; init; }

    /// <summary>Zhang et al.'s (2017) interpolating network on real targets: its N ReLU units (after one linear projection unit). Unavailable for class labels.</summary>
    public required ConstructiveWidth Zhang { get; init; }

    /// <summary>Yun, Sra and Jadbabaie's (2019) style network on real targets: the ReLU units of its two hidden layers, together. Unavailable for class labels.</summary>
    public required ConstructiveWidth Yun { get; init; }

    /// <summary>Builds the constructions that take <paramref name="data"/> (each from its own child of <paramref name="seed"/>) and reads their widths.</summary>
    public static ConstructiveWidths Measure(Dataset data, Seed seed, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        return data.TargetKind == TargetKind.Real ? MeasureReal(data, seed, blas) : MeasureLabels(data, seed, blas);
    }

    private static ConstructiveWidths MeasureReal(Dataset data, Seed seed, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        const string classifies = "it classifies; the data has real targets";
        var bubeck = Slabs(() => ConstructionRegistry.Build(blas, data, new BubeckOptions(), seed.Derive("bubeck")), 4 * ((n + d - 1) / d), "4 ceil(N / d)");
        var zhang = Built(() => ConstructionRegistry.Build(blas, data, new ZhangOptions(), seed.Derive("zhang")), "the ReLU layer after the projection");
        var yun = Built(() => ConstructionRegistry.Build(blas, data, new YunOptions(), seed.Derive("yun")), "the ReLU units of both hidden layers");
        return new ConstructiveWidths
        {
            SampleCount = n, InputDimension = d, Bubeck = bubeck, Zhang = zhang, Yun = yun,
            Baum = new ConstructiveWidth(null, WidthOrigin.Unavailable, null, $"Baum's threshold network {classifies}."),
            Finke = new ConstructiveWidth(null, WidthOrigin.Unavailable, null, $"Dirksen, Finke and Genzel's network {classifies}."),
        };
    }

    /// <summary>A projection network's ReLU units (every layer but the linear projection and the output), or why it was not built.</summary>
    private static ConstructiveWidth Built(Func<BuildResult> build, string counted)
    {
        try
        {
            var report = build().Report;
            int units = report.Widths.Skip(1).SkipLast(1).Sum();
            return new ConstructiveWidth(units, WidthOrigin.Built, report.Memorized,
                $"{counted} ({string.Join(" - ", report.Widths)}){(report.Memorized ? "" : "; built, but it does not memorize every point")}");
        }
        catch (MemLabException error) when (error.Kind is MemLabErrorKind.InvalidData or MemLabErrorKind.HypothesisViolated)
        {
            return new ConstructiveWidth(null, WidthOrigin.Unavailable, null, $"not built: {error.Message}");
        }
    }

    private static ConstructiveWidths MeasureLabels(Dataset data, Seed seed, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount, classes = data.ClassCount;
        int groups = (n + d - 1) / d;
        int smaller = data.ClassSizes().Min();
        var baum = classes == 2
            ? Slabs(() => ConstructionRegistry.Build(blas, data, new BaumOptions(), seed.Derive("baum")),
                2 * ((smaller + d - 1) / d), "2 ceil(N_S / d) for the smaller class of N_S points")
            : new ConstructiveWidth(null, WidthOrigin.Unavailable, null, $"Baum's construction takes two classes; the data has {classes}.");
        int perGroup = classes == 2 ? 4 : 2 + 2 * classes;
        var bubeck = Slabs(() => ConstructionRegistry.Build(blas, data, new BubeckOptions(), seed.Derive("bubeck")),
            perGroup * groups, classes == 2 ? "4 ceil(N / d)" : $"(2 + 2K) ceil(N / d) with K = {classes}");
        var realOnly = new ConstructiveWidth(null, WidthOrigin.Unavailable, null, "measured for real targets only");
        return new ConstructiveWidths
        {
            SampleCount = n, InputDimension = d, Baum = baum, Bubeck = bubeck, Finke = PrunedFinke(data, seed, blas), Zhang = realOnly, Yun = realOnly,
        };
    }

    /// <summary>A slab construction's built width, or its formula when the data breaks a hypothesis (duplicates, points not in general position).</summary>
    private static ConstructiveWidth Slabs(Func<BuildResult> build, int formulaWidth, string formula)
    {
        try
        {
            var report = build().Report;
            return new ConstructiveWidth(report.Widths[0], WidthOrigin.Built, report.Memorized, report.Memorized ? null : "built, but it does not memorize every point");
        }
        catch (MemLabException error) when (error.Kind is MemLabErrorKind.InvalidData or MemLabErrorKind.HypothesisViolated)
        {
            // The expected failure of a construction whose hypothesis the data breaks: fall back to the paper's count.
            return new ConstructiveWidth(formulaWidth, WidthOrigin.Formula, null, $"formula {formula}; not built: {error.Message}");
        }
    }

    private static ConstructiveWidth PrunedFinke(Dataset data, Seed seed, IBlas blas)
    {
        try
        {
            var report = ConstructionRegistry.Build(blas, data, new FinkeOptions(), seed.Derive("finke")).Report;
            var details = report.DetailsOf<FinkeDetails>();
            return new ConstructiveWidth(details.PrunedWidth, WidthOrigin.Built, report.Memorized,
                report.Memorized ? null : $"built with the default first-layer width {new FinkeOptions().Width}, but {report.Verification.FailureCount} points are not memorized");
        }
        catch (MemLabException error) when (error.Kind is MemLabErrorKind.InvalidData or MemLabErrorKind.HypothesisViolated)
        {
            // The construction does not take this data (for example conflicting duplicates); it has no formula.
            return new ConstructiveWidth(null, WidthOrigin.Unavailable, null, $"not built: {error.Message}");
        }
    }
}
