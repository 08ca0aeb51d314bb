namespace MemLab;

/// <summary>
/// |a - b|^2 between two points as a float64 sum in index order: the exact reference that the blocked, GEMM-based
/// distance searches (the closest pairs of <see cref="Data.GeometryReport"/>, the nearest-centre cover) defer to wherever
/// rounding could decide, so their results do not depend on the backend or its thread count.
/// </summary>
internal static class PointDistance
{
    /// <summary>The squared Euclidean distance between <paramref name="a"/> and <paramref name="b"/> (equal lengths).</summary>
    public static double Squared(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++)
        {
            double difference = (double)a[k] - b[k];
            sum += difference * difference;
        }
        return sum;
    }
}
