using System.Numerics;

namespace MemLab.Data;

/// <summary>
/// The mean and the population standard deviation (divided by N) of each column of an N x width row-major matrix,
/// summed in float64 row by row: the one computation behind standardized features (<see cref="Scaling"/>), the centring
/// of <see cref="PrincipalComponents"/> and the slab constructions' working coordinates, and the permutation probe's
/// standardized representations.
/// </summary>
internal static class ColumnStatistics
{
    /// <summary>The mean of each of the <paramref name="width"/> columns of <paramref name="values"/> (N rows of width values).</summary>
    public static double[] Means<T>(ReadOnlySpan<T> values, int width) where T : INumberBase<T>
    {
        int n = values.Length / width;
        var mean = new double[width];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> row = values.Slice(i * width, width);
            for (int j = 0; j < width; j++) mean[j] += double.CreateTruncating(row[j]);
        }
        for (int j = 0; j < width; j++) mean[j] /= n;
        return mean;
    }

    /// <summary>The population standard deviation of each column of <paramref name="values"/> about its <paramref name="mean"/>; 0 for a constant column.</summary>
    public static double[] StandardDeviations<T>(ReadOnlySpan<T> values, double[] mean) where T : INumberBase<T>
    {
        int width = mean.Length, n = values.Length / width;
        var deviation = new double[width];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<T> row = values.Slice(i * width, width);
            for (int j = 0; j < width; j++)
            {
                double centred = double.CreateTruncating(row[j]) - mean[j];
                deviation[j] += centred * centred;
            }
        }
        for (int j = 0; j < width; j++) deviation[j] = Math.Sqrt(deviation[j] / n);
        return deviation;
    }
}
