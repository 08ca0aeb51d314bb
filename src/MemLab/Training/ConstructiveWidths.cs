using MemLab.Constructions;
using MemLab.LinearAlgebra;

namespace MemLab.Training;

/// <summary>
/// The widths the constructions need on a dataset, to set beside the width gradient descent needs (ALGORITHMS.md
/// sections 3 and 6): N/d, Bubeck et al.'s bound 4N/d, Baum's and Bubeck's slab networks as memlab builds them (their
/// formulas where they do not apply), and the pruned width of Dirksen, Finke and Genzel's network with its defaults.
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

    /// <summary>Dirksen, Finke and Genzel's network with <see cref="FinkeOptions"/> defaults: its pruned second layer.</summary>
    public required ConstructiveWidth Finke { get; init; }

    /// <summary>Builds the three constructions on <paramref name="data"/> (each from its own child of <paramref name="seed"/>) and reads their widths.</summary>
    /// <exception cref="MemLabException">The data has real targets.</exception>
    public static ConstructiveWidths Measure(Dataset data, Seed seed, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        if (data.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData($"The width comparison needs class labels, but the data ({data.Provenance.Spec}) has real targets. Use labelled data.");
        int n = data.SampleCount, d = data.FeatureCount, classes = data.ClassCount;
        int groups = (n + d - 1) / d;
        int smaller = data.ClassSizes().Min();
        var baum = classes == 2
            ? Slabs(() => new BaumConstruction(blas).Build(data, new BaumOptions(), seed.Derive("baum")),
                2 * ((smaller + d - 1) / d), "2 ceil(N_S / d) for the smaller class of N_S points")
            : new ConstructiveWidth(null, WidthOrigin.Unavailable, null, $"Baum's construction takes two classes; the data has {classes}.");
        int perGroup = classes == 2 ? 4 : 2 + 2 * classes;
        var bubeck = Slabs(() => new BubeckConstruction(blas).Build(data, new BubeckOptions(), seed.Derive("bubeck")),
            perGroup * groups, classes == 2 ? "4 ceil(N / d)" : $"(2 + 2K) ceil(N / d) with K = {classes}");
        return new ConstructiveWidths { SampleCount = n, InputDimension = d, Baum = baum, Bubeck = bubeck, Finke = PrunedFinke(data, seed, blas) };
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
            var report = new FinkeConstruction(blas).Build(data, new FinkeOptions(), seed.Derive("finke")).Report;
            var details = (FinkeDetails)report.Details;
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
