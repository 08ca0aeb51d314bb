using MathNet.Numerics.Distributions;

namespace MemLab.Reporting;

/// <summary>
/// The mean of one metric over a cell's successful runs with a 95% confidence interval for it: mean ± t(0.975, n-1)
/// s / sqrt(n), Student's t interval with the sample standard deviation s. A metric whose every value is 0 or 1 (such
/// as <c>memorized</c>) is a proportion, and gets the Wilson score interval instead, which stays inside [0, 1] and
/// is not degenerate at 0 or 1 successes. Runs where the metric does not exist are not counted.
/// </summary>
/// <param name="Count">n, the runs with a value.</param>
/// <param name="Mean">The mean; null when no run has a value.</param>
/// <param name="Low">The interval's lower end; null when fewer than two runs have a value.</param>
/// <param name="High">The interval's upper end; null when fewer than two runs have a value.</param>
public sealed record MetricSummary(int Count, double? Mean, double? Low, double? High)
{
    /// <summary>Summarises <paramref name="values"/>.</summary>
    public static MetricSummary Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n == 0) return new MetricSummary(0, null, null, null);
        double mean = values.Average();
        if (n == 1) return new MetricSummary(1, mean, null, null);
        if (values.All(v => v is 0 or 1)) return Wilson(n, mean);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        double half = StudentT.InvCDF(0, 1, n - 1, 0.975) * Math.Sqrt(variance / n);
        return new MetricSummary(n, mean, mean - half, mean + half);
    }

    /// <summary>Wilson's score interval for a proportion p of n at 95% (z = 1.959964).</summary>
    private static MetricSummary Wilson(int n, double p)
    {
        const double z = 1.959963984540054;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.Sqrt(p * (1 - p) / n + z2n / (4 * n));
        return new MetricSummary(n, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
