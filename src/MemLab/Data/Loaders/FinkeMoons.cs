using System.Globalization;

namespace MemLab.Data.Loaders;

/// <summary>
/// The two-moons dataset of Dirksen, Finke and Genzel's moons experiment ("Memorization with neural nets: going
/// beyond the worst case", JMLR 25, 2024): scikit-learn's make_moons(1000, noise=0.05, random_state=0) in float32,
/// divided by its largest norm, exactly as their code draws it. memlab ships it (embedded from
/// <c>Data/Shipped/finke-moons.csv</c>, written once by the script beside it) because its own moons generator draws
/// other points, and the interpolation probability of a cell depends on the realization. Class 0 is the lower moon
/// (scikit-learn's label 1), the class their construction covers, so memlab's cover runs over the same points.
/// </summary>
public static class FinkeMoons
{
    private const string Resource = "MemLab.Shipped.finke-moons.csv";

    /// <summary>The 1000 points, 2 features, classes "lower" (0) and "upper" (1).</summary>
    public static Dataset Load()
    {
        using var stream = typeof(FinkeMoons).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var features = new List<float>();
        var labels = new List<int>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.StartsWith('#') || line.StartsWith("x,", StringComparison.Ordinal)) continue;
            string[] fields = line.Split(',');
            features.Add(float.Parse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture));
            features.Add(float.Parse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture));
            labels.Add(fields[2] == "1" ? 0 : 1);
        }
        return Dataset.Classification(features.ToArray(), 2, labels.ToArray(), ["lower", "upper"], new DatasetProvenance("finke-moons",
            "the moons of Dirksen, Finke and Genzel: scikit-learn make_moons(1000, noise=0.05, random_state=0) in float32 divided by its largest norm; class 0 = the lower moon (their covered class)"));
    }
}
