namespace MemLab.Analysis;

/// <summary>
/// Spearman's rank correlation (Spearman 1904): the Pearson correlation of the ranks of two paired samples, ties given
/// the mean of the ranks they span. It measures how monotone the relation is, whatever its shape, which is what a
/// predictor of the width has to be.
/// </summary>
public static class SpearmanCorrelation
{
    /// <summary>rho of the pairs (<paramref name="x"/>[i], <paramref name="y"/>[i]); null when fewer than 3 pairs or either side is constant.</summary>
    /// <exception cref="ArgumentException">The samples differ in length.</exception>
    public static double? Of(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"Paired samples must have equal lengths; got {x.Count} and {y.Count}.", nameof(y));
        if (x.Count < 3) return null;
        double[] rx = Ranks(x), ry = Ranks(y);
        double mean = (x.Count + 1) / 2.0;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mean) * (ry[i] - mean);
            sxx += (rx[i] - mean) * (rx[i] - mean);
            syy += (ry[i] - mean) * (ry[i] - mean);
        }
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Ranks from 1, ties sharing the mean of their ranks.</summary>
    internal static double[] Ranks(IReadOnlyList<double> values)
    {
        int[] order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }
}
