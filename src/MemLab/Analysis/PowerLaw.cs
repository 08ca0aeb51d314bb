namespace MemLab.Analysis;

/// <summary>
/// Fits value = c size^a by ordinary least squares on (log size, log value), the usual way of reading a scaling
/// exponent off a log-log plot, with a percentile bootstrap for a that resamples data seeds (Efron and Tibshirani 1993,
/// chapter 13): each resample draws, within every size independently, as many of that size's observations as it has,
/// with replacement, and refits. Resampling within sizes keeps the design (which sizes were measured, how often)
/// fixed, so the interval measures the spread between data seeds, not the choice of sizes.
/// </summary>
public static class PowerLaw
{
    /// <summary>The default number of bootstrap resamples.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>Fits the law to <paramref name="observations"/>.</summary>
    /// <param name="observations">Sizes and values, all positive and finite; at least two distinct sizes.</param>
    /// <param name="seed">Seeds the bootstrap; the same observations and seed give the same interval.</param>
    /// <param name="resamples">Bootstrap resamples, at least 1.</param>
    /// <exception cref="MemLabException">(InvalidOptions) a size or value is not positive and finite, fewer than two sizes, or resamples below 1.</exception>
    public static PowerLawFit Fit(IReadOnlyList<SeedObservation> observations, Seed seed, int resamples = DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (resamples < 1) throw MemLabException.InvalidOptions($"A bootstrap needs at least 1 resample; got {resamples}.");
        foreach (var o in observations)
            if (!(o.Size > 0 && double.IsFinite(o.Size) && o.Value > 0 && double.IsFinite(o.Value)))
                throw MemLabException.InvalidOptions($"A power law is fitted to positive finite sizes and values; got size {o.Size} and value {o.Value}.");
        var groups = observations.GroupBy(o => o.Size).OrderBy(g => g.Key).Select(g => g.OrderBy(o => o.DataSeed).ToArray()).ToArray();
        if (groups.Length < 2)
            throw MemLabException.InvalidOptions($"A power law needs values at two sizes at least; got {groups.Length}.");

        var (slope, intercept) = LeastSquares(observations);
        var rng = seed.Derive("power-law-bootstrap").CreateRng();
        var slopes = new List<double>(resamples);
        var sample = new List<SeedObservation>(observations.Count);
        for (int r = 0; r < resamples; r++)
        {
            sample.Clear();
            foreach (var group in groups)
                for (int i = 0; i < group.Length; i++) sample.Add(group[rng.NextInt(group.Length)]);
            slopes.Add(LeastSquares(sample).Slope);
        }
        slopes.Sort();
        return new PowerLawFit(slope, Math.Exp(intercept), Percentile(slopes, 0.025), Percentile(slopes, 0.975),
            observations.Count, groups.Length, resamples);
    }

    /// <summary>Slope and intercept of the least-squares line through (log size, log value).</summary>
    private static (double Slope, double Intercept) LeastSquares(IReadOnlyList<SeedObservation> points)
    {
        double meanX = 0, meanY = 0;
        foreach (var p in points)
        {
            meanX += Math.Log(p.Size);
            meanY += Math.Log(p.Value);
        }
        meanX /= points.Count;
        meanY /= points.Count;
        double sxx = 0, sxy = 0;
        foreach (var p in points)
        {
            double dx = Math.Log(p.Size) - meanX;
            sxx += dx * dx;
            sxy += dx * (Math.Log(p.Value) - meanY);
        }
        double slope = sxy / sxx;
        return (slope, meanY - slope * meanX);
    }

    /// <summary>The <paramref name="level"/> quantile of sorted values, linear between order statistics (numpy's default).</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double level)
    {
        double position = level * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
