using System.Globalization;

namespace MemLab.Experiments;

/// <summary>
/// The data geometries of the gap table (docs/algorithms.md section 6, issue 8 item 5), by name, as data specs for N points
/// in R^d: <c>gaussian</c> (isotropic, random binary labels), <c>anisotropic-C</c> (condition number C),
/// <c>subspace-R</c> (a random R-dimensional subspace; <c>subspace-d/K</c> takes R = d/K, at least 1, so one grid
/// over d keeps the subspace's share of the dimensions), <c>mixture-K</c> (K Gaussian clusters of spread 0.1, random binary
/// labels), <c>moons</c> (two moons with noise 0.1 rotated into R^d, random binary labels), <c>mnist-A-B</c> (MNIST training
/// digits A and B, N of them, projected on their d leading principal components, true labels) and
/// <c>mnist-A-B-random</c> (the same points with random binary labels). With targets <c>uniform</c> the same points carry
/// real targets drawn uniformly from [-1, 1) instead of labels (the spec key <c>targets=uniform</c>), for the
/// regression version of the gap.
/// </summary>
public static class GapGeometries
{
    /// <summary>The target kinds a geometry can carry: its labels, or real targets drawn uniformly from [-1, 1).</summary>
    public static IReadOnlyList<string> TargetKinds { get; } = ["labels", "uniform"];

    /// <summary>
    /// The data spec of <paramref name="geometry"/> with N = <paramref name="sampleCount"/>, d = <paramref name="dimension"/>
    /// and <paramref name="seed"/>, with its labels or, for <paramref name="targets"/> <c>uniform</c>, real targets on the same points.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidSpec) the name is not one of the geometries, or the target kind is not one of <see cref="TargetKinds"/>.</exception>
    public static string Spec(string geometry, int sampleCount, int dimension, Seed seed, string targets = "labels")
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(targets);
        if (!TargetKinds.Contains(targets))
            throw MemLabException.InvalidSpec($"gap: targets={targets} is not a target kind; use labels or uniform (real targets in [-1, 1)).");
        string spec = SpecOrNull(geometry, sampleCount, dimension, seed)
            ?? throw MemLabException.InvalidSpec($"gap: geometry={geometry} is not a geometry; use {Names}.");
        return targets == "uniform" ? spec + ",targets=uniform" : spec;
    }

    /// <summary>The geometries in words, for messages: the names, with examples.</summary>
    public const string Names = "gaussian, anisotropic-C, subspace-R, subspace-d/K, mixture-K, moons, mnist-A-B or mnist-A-B-random (for example anisotropic-1000 or mnist-3-8)";

    /// <summary>Whether <paramref name="geometry"/> names one of the geometries (whatever N, d and seed it is given).</summary>
    public static bool IsGeometry(string geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return SpecOrNull(geometry, 1, 1, new Seed(0)) is not null;
    }

    /// <summary>The labelled data spec of <paramref name="geometry"/>; null when it names no geometry.</summary>
    private static string? SpecOrNull(string geometry, int sampleCount, int dimension, Seed seed)
    {
        string shape = string.Create(CultureInfo.InvariantCulture, $"n={sampleCount},d={dimension},seed={seed}");
        return geometry.Split('-') switch
        {
            ["gaussian"] => $"gaussian:{shape}",
            ["anisotropic", var cond] when Positive(cond) => $"anisotropic:{shape},cond={cond}",
            ["subspace", var rank] when Positive(rank) => $"subspace:{shape},r={rank}",
            ["subspace", var share] when share.StartsWith("d/", StringComparison.Ordinal) && Positive(share[2..]) =>
                string.Create(CultureInfo.InvariantCulture, $"subspace:{shape},r={Math.Max(1, dimension / int.Parse(share[2..], CultureInfo.InvariantCulture))}"),
            ["mixture", var clusters] when Positive(clusters) => $"mixture:{shape},k={clusters},labels=random",
            ["moons"] => $"moons:{shape},noise=0.1,labels=random",
            ["mnist", var a, var b] when Digit(a) && Digit(b) => Mnist(a, b, sampleCount, dimension, seed),
            ["mnist", var a, var b, "random"] when Digit(a) && Digit(b) => Mnist(a, b, sampleCount, dimension, seed) + ",labels=random",
            _ => null,
        };
    }

    private static string Mnist(string a, string b, int sampleCount, int dimension, Seed seed) =>
        string.Create(CultureInfo.InvariantCulture, $"mnist:split=train,classes={a}-{b},subsample={sampleCount},pca={dimension},seed={seed}");

    private static bool Positive(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1;

    private static bool Digit(string text) => text.Length == 1 && char.IsAsciiDigit(text[0]);
}
