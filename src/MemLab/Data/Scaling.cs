using System.Globalization;
using System.Runtime.Intrinsics;

namespace MemLab.Data;

/// <summary>
/// Rescaling of the points (spec key <c>scale=</c>): into the unit ball, onto the unit sphere row by row, or
/// standardized per feature. Norms, means and variances are computed in float64; the result is rounded to
/// float32 once. Each returns a new dataset with the same labels and a description extended by the step.
/// </summary>
public static class Scaling
{
    /// <summary>Applies <paramref name="method"/>; <see cref="ScalingMethod.None"/> returns <paramref name="data"/> itself.</summary>
    /// <exception cref="MemLabException">The method cannot be applied to this data (see the individual methods).</exception>
    public static Dataset Apply(Dataset data, ScalingMethod method) => Apply(data, method, inPlace: false);

    /// <summary><see cref="Apply(Dataset, ScalingMethod)"/>; with <paramref name="inPlace"/> the unit ball overwrites <paramref name="data"/>'s features (see <see cref="UnitBall(Dataset, bool)"/>).</summary>
    internal static Dataset Apply(Dataset data, ScalingMethod method, bool inPlace) => method switch
    {
        ScalingMethod.None => data,
        ScalingMethod.UnitBall => UnitBall(data, inPlace),
        ScalingMethod.UnitRows => UnitRows(data),
        ScalingMethod.Standardize => Standardize(data),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown scaling method."),
    };

    /// <summary>
    /// Every point divided by the largest Euclidean norm among the points, so the largest norm becomes 1 (or the
    /// float32 number just below): every stored point is guaranteed to have float64 norm at most 1.
    /// </summary>
    /// <exception cref="MemLabException">Every point is zero.</exception>
    public static Dataset UnitBall(Dataset data) => UnitBall(data, inPlace: false);

    /// <summary>
    /// <see cref="UnitBall(Dataset)"/>, writing the scaled points over <paramref name="data"/>'s own features when
    /// <paramref name="inPlace"/> (for a loader that owns them and drops the unscaled data: all of MNIST is 220 MB).
    /// </summary>
    internal static Dataset UnitBall(Dataset data, bool inPlace)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = data.FeatureCount;
        var norms = new double[data.SampleCount];
        for (int i = 0; i < norms.Length; i++) norms[i] = Norm(data.Row(i));
        double maxNorm = norms.Max();
        if (maxNorm == 0)
            throw MemLabException.InvalidData(
                $"Every point of the data ({data.Provenance.Spec}) is zero, so it cannot be scaled to the unit ball; check the data or use scale=none.");
        // Rounding the quotients to float32 can leave a norm a few units in the last place above 1; widen the
        // divisor by a float32 epsilon at a time until every stored point lies in the closed unit ball. The quotients
        // are formed row by row to find the divisor, then once more into place. Only rows whose norm is within
        // rounding of the largest can end above 1: a quotient x_k / D rounded to float32 is at most |x_k| / D
        // (1 + 2^-24) (1 + 2^-53), and each float64 norm (exact squares, d - 1 rounded additions, a square root) is
        // within (d + 1) 2^-53 of the true one, so a row whose norm is below the largest times
        // 1 - 2^-22 - (d + 2) 2^-50 has a quotient of norm below 1 for every divisor D >= the largest norm.
        double near = maxNorm * (1 - Math.ScaleB(1.0, -22) - (d + 2.0) * Math.ScaleB(1.0, -50));
        int[] close = Enumerable.Range(0, norms.Length).Where(i => norms[i] >= near).ToArray();
        var row = new float[d];
        double divisor = maxNorm;
        while (true)
        {
            double largest = 0;
            foreach (int i in close)
            {
                Divide(data.Row(i), divisor, row);
                largest = Math.Max(largest, Norm(row));
            }
            if (largest <= 1) break;
            divisor *= 1 + 1.0 / (1 << 23);
        }
        float[] features = inPlace ? data.FeatureArray : GC.AllocateUninitializedArray<float>(data.Features.Length);
        Divide(data.Features, divisor, features);
        return WithFeatures(data, features, string.Create(CultureInfo.InvariantCulture,
            $"scaled into the unit ball (divided by the largest norm, {divisor:R})"));
    }

    /// <summary>quotients[i] = (float)(values[i] / divisor), the division in float64 (eight at a time where vectors are available: the same IEEE operations); the two may be the same memory.</summary>
    private static void Divide(ReadOnlySpan<float> values, double divisor, Span<float> quotients)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> by = Vector512.Create(divisor);
            for (; i + 16 <= values.Length; i += 16)
            {
                var (low, high) = Vector512.Widen(Vector512.Create(values.Slice(i, 16)));
                Vector512.Narrow(low / by, high / by).CopyTo(quotients.Slice(i, 16));
            }
        }
        for (; i < values.Length; i++) quotients[i] = (float)(values[i] / divisor);
    }

    /// <summary>Every point divided by its own Euclidean norm.</summary>
    /// <exception cref="MemLabException">A point is zero; the message names the first such sample.</exception>
    public static Dataset UnitRows(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = data.FeatureCount;
        var features = new float[data.Features.Length];
        for (int i = 0; i < data.SampleCount; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            double norm = Norm(row);
            if (norm == 0)
                throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                    $"Sample {i} of the data ({data.Provenance.Spec}) is the zero vector, which has no direction to normalize; remove it or use scale=unit-ball."));
            for (int l = 0; l < d; l++) features[i * d + l] = (float)(row[l] / norm);
        }
        return WithFeatures(data, features, "each point normalized to norm 1");
    }

    /// <summary>
    /// Each feature shifted to mean 0 and divided by its standard deviation (population variance, divided by N).
    /// A constant feature has no spread to divide by: it becomes 0 everywhere, and the description says how many did.
    /// </summary>
    public static Dataset Standardize(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = data.SampleCount;
        int d = data.FeatureCount;
        ReadOnlySpan<float> source = data.Features;
        double[] mean = ColumnStatistics.Means(source, d);
        double[] deviation = ColumnStatistics.StandardDeviations(source, mean);
        int constant = deviation.Count(std => std == 0);
        double[] scale = Array.ConvertAll(deviation, std => std == 0 ? 0 : 1 / std);
        var features = new float[source.Length];
        for (int i = 0; i < n; i++)
            for (int l = 0; l < d; l++)
                features[i * d + l] = (float)((source[i * d + l] - mean[l]) * scale[l]);
        string step = "standardized (each feature to mean 0 and variance 1)";
        if (constant > 0)
            step += string.Create(CultureInfo.InvariantCulture, $"; {constant} constant feature{(constant == 1 ? " was" : "s were")} set to 0");
        return WithFeatures(data, features, step);
    }

    /// <summary>
    /// max_i ||x_i|| over the rows of <paramref name="points"/> (<paramref name="d"/> values each), each norm
    /// <see cref="Norm"/> summed in float64 in coordinate order: the scale of the unit ball and of the Finke construction.
    /// </summary>
    internal static double LargestNorm(ReadOnlySpan<float> points, int d)
    {
        double largest = 0;
        for (int i = 0; i < points.Length / d; i++) largest = Math.Max(largest, Norm(points.Slice(i * d, d)));
        return largest;
    }

    private static double Norm(ReadOnlySpan<float> row)
    {
        double sum = 0;
        foreach (float v in row) sum += (double)v * v;
        return Math.Sqrt(sum);
    }

    private static Dataset WithFeatures(Dataset data, float[] features, string step)
    {
        var provenance = data.Provenance with { Description = data.Provenance.Description + "; " + step };
        return data.TargetKind == TargetKind.Classes
            ? Dataset.Classification(features, data.FeatureCount, data.Labels.ToArray(), data.ClassNames, provenance)
            : Dataset.Regression(features, data.FeatureCount, data.Targets.ToArray(), provenance);
    }
}
