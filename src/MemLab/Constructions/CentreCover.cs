using MemLab.LinearAlgebra;

namespace MemLab.Constructions;

/// <summary>
/// The geometry behind <see cref="NearestCentreConstruction"/>: every point's distance to the nearest point of another
/// class, and the greedy cover that picks the centres. Both are blocked: a block of rows against a block of points (or
/// of the centres chosen so far) is one DGEMM giving |x|^2 + |y|^2 - 2 x.y, never an N x N matrix. Each decision that
/// the DGEMM's rounding could flip (a distance within a rigorous error bound of the radius or of the best so far) is
/// settled by <see cref="PointDistance.Squared"/>, a fixed-order float64 sum, so the results do not depend on the backend or
/// its thread count.
/// </summary>
internal static class CentreCover
{
    private const int BlockRows = 256;
    private const int BlockColumns = 2048;
    private const double Unit = 1.0 / (1L << 53);

    /// <summary>
    /// For every point, the squared distance to the nearest point of another class and that point's index (the smallest
    /// index on ties). Needs at least two classes and no conflicting duplicates (then every distance is positive).
    /// </summary>
    public static (double[] SquaredDistance, int[] Nearest) NearestOtherClass(Dataset data, IBlas blas)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        var best = new double[n];
        var nearest = new int[n];
        Array.Fill(best, double.PositiveInfinity);
        Array.Fill(nearest, -1);
        var members = Members(data);
        var (rows, norms) = Widen(data);
        double bound = ErrorFactor(d);
        var gram = new double[BlockRows * BlockColumns];
        var left = new double[BlockRows * d];
        var right = new double[BlockColumns * d];
        for (int a = 0; a < members.Length; a++)
            for (int b = a + 1; b < members.Length; b++)
            {
                int[] first = members[a], second = members[b];
                for (int i0 = 0; i0 < first.Length; i0 += BlockRows)
                {
                    int rowCount = Math.Min(BlockRows, first.Length - i0);
                    Gather(rows, d, first, i0, rowCount, left);
                    for (int j0 = 0; j0 < second.Length; j0 += BlockColumns)
                    {
                        int columnCount = Math.Min(BlockColumns, second.Length - j0);
                        Gather(rows, d, second, j0, columnCount, right);
                        blas.Dgemm(Transpose.No, Transpose.Yes, rowCount, columnCount, d, 1.0, left, d, right, d, 0.0, gram, columnCount);
                        for (int r = 0; r < rowCount; r++)
                        {
                            int i = first[i0 + r];
                            for (int c = 0; c < columnCount; c++)
                            {
                                int j = second[j0 + c];
                                double approx = norms[i] + norms[j] - 2 * gram[r * columnCount + c];
                                double error = bound * (norms[i] + norms[j]);
                                if (approx - error > best[i] && approx - error > best[j]) continue;
                                double exact = PointDistance.Squared(data.Row(i), data.Row(j));
                                Offer(best, nearest, i, j, exact);
                                Offer(best, nearest, j, i, exact);
                            }
                        }
                    }
                }
            }
        return (best, nearest);
    }

    /// <summary>
    /// The greedy cover: scanning the points in <paramref name="order"/>, a point becomes a centre of its class when no
    /// centre of its class chosen before it lies within its radius (squared distance &lt;= <paramref name="squaredRadius"/>[i]).
    /// Returns the centres of each class as sample indices, in the order they were chosen.
    /// </summary>
    public static int[][] Greedy(Dataset data, ReadOnlySpan<double> squaredRadius, int[] order, IBlas blas)
    {
        int d = data.FeatureCount;
        var (rows, norms) = Widen(data);
        double bound = ErrorFactor(d);
        ReadOnlySpan<int> labels = data.Labels;
        var scans = new List<int>[data.ClassCount];
        for (int k = 0; k < scans.Length; k++) scans[k] = [];
        foreach (int i in order) scans[labels[i]].Add(i);

        var centres = new int[data.ClassCount][];
        var block = new double[BlockRows * d];
        var gram = new double[BlockRows * 1024];
        for (int k = 0; k < scans.Length; k++)
        {
            int[] scan = scans[k].ToArray();
            var chosen = new List<int>();
            var centreRows = new double[Math.Max(1, scan.Length) * (long)d];
            for (int s0 = 0; s0 < scan.Length; s0 += BlockRows)
            {
                int count = Math.Min(BlockRows, scan.Length - s0);
                int before = chosen.Count;
                Gather(rows, d, scan, s0, count, block);
                var covered = new bool[count];
                if (before > 0)
                {
                    if (gram.Length < BlockRows * before) gram = new double[Math.Max(BlockRows * before, 2 * gram.Length)];
                    blas.Dgemm(Transpose.No, Transpose.Yes, count, before, d, 1.0, block, d, centreRows, d, 0.0, gram, before);
                    for (int r = 0; r < count; r++)
                    {
                        int i = scan[s0 + r];
                        for (int c = 0; c < before && !covered[r]; c++)
                        {
                            int centre = chosen[c];
                            double approx = norms[i] + norms[centre] - 2 * gram[r * before + c];
                            double error = bound * (norms[i] + norms[centre]);
                            if (approx - error > squaredRadius[i]) continue;
                            covered[r] = approx + error <= squaredRadius[i]
                                || PointDistance.Squared(data.Row(i), data.Row(centre)) <= squaredRadius[i];
                        }
                    }
                }
                for (int r = 0; r < count; r++)
                {
                    if (covered[r]) continue;
                    int i = scan[s0 + r];
                    bool near = false;
                    for (int c = before; c < chosen.Count && !near; c++)
                        near = PointDistance.Squared(data.Row(i), data.Row(chosen[c])) <= squaredRadius[i];
                    if (near) continue;
                    block.AsSpan(r * d, d).CopyTo(centreRows.AsSpan(chosen.Count * d, d));
                    chosen.Add(i);
                }
            }
            centres[k] = chosen.ToArray();
        }
        return centres;
    }

    private static void Offer(double[] best, int[] nearest, int i, int j, double squared)
    {
        if (squared < best[i] || (squared == best[i] && j < nearest[i]))
        {
            best[i] = squared;
            nearest[i] = j;
        }
    }

    /// <summary>
    /// The factor f with |approx - exact| &lt;= f (|x|^2 + |y|^2) for approx = |x|^2 + |y|^2 - 2 x.y computed with
    /// DGEMM: each float64 dot product of length d errs by at most gamma_d |x||y| (Higham, section 3.1) and
    /// 2 |x||y| &lt;= |x|^2 + |y|^2; doubled, plus slack, for the norms and the final sums.
    /// </summary>
    private static double ErrorFactor(int d) => 4 * (d + 2) * Unit / (1 - (d + 2) * Unit) * 1.01;

    private static int[][] Members(Dataset data)
    {
        var lists = new List<int>[data.ClassCount];
        for (int k = 0; k < lists.Length; k++) lists[k] = [];
        ReadOnlySpan<int> labels = data.Labels;
        for (int i = 0; i < labels.Length; i++) lists[labels[i]].Add(i);
        return lists.Select(list => list.ToArray()).ToArray();
    }

    /// <summary>The features as float64 (exact) and every row's squared norm.</summary>
    private static (double[] Rows, double[] Norms) Widen(Dataset data)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        var rows = new double[(long)n * d];
        var norms = new double[n];
        ReadOnlySpan<float> features = data.Features;
        for (long j = 0; j < rows.Length; j++) rows[j] = features[(int)j];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            foreach (double v in rows.AsSpan(i * d, d)) sum += v * v;
            norms[i] = sum;
        }
        return (rows, norms);
    }

    private static void Gather(double[] rows, int d, int[] indices, int first, int count, double[] destination)
    {
        for (int r = 0; r < count; r++)
            rows.AsSpan(indices[first + r] * d, d).CopyTo(destination.AsSpan(r * d, d));
    }
}
