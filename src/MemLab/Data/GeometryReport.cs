using MemLab.LinearAlgebra;

namespace MemLab.Data;

/// <summary>
/// The geometry of a dataset that decides how hard it is to memorize (docs/algorithms.md, section 0,
/// "Geometry report"): sizes, the numerical rank of the centred data, the smallest distance between
/// points of different classes (delta), the smallest distance between any two distinct points, the
/// largest norm, and exact duplicates. Distances are Euclidean on the features as stored. Properties
/// that do not exist for a dataset (no two distinct points, no two classes, real targets) are null, so
/// the record serializes to JSON without NaN or infinity.
/// </summary>
/// <param name="SampleCount">N, the number of points.</param>
/// <param name="FeatureCount">d, the feature dimension.</param>
/// <param name="ClassCount">K, the number of classes (0 for real targets).</param>
/// <param name="ClassSizes">The size of every class, by label (empty for real targets).</param>
/// <param name="NumericalRank">The numerical rank of the centred data (see <see cref="PrincipalComponents.NumericalRank"/>).</param>
/// <param name="MinDistanceBetweenClasses">delta: the smallest distance between two points with different labels
/// and different features (conflicting duplicates are counted in <paramref name="ConflictingDuplicateCount"/>
/// instead); null for real targets or when no such pair exists.</param>
/// <param name="MinDistanceBetweenClassesPair">The pair at distance delta (the smallest indices on ties).</param>
/// <param name="MinDistance">The smallest distance between two points with different features; exact duplicates
/// are counted in <paramref name="DuplicateCount"/> instead. Null when all points are identical.</param>
/// <param name="MinDistancePair">The pair at that distance (the smallest indices on ties).</param>
/// <param name="MaxNorm">The largest Euclidean norm of a point.</param>
/// <param name="DuplicateCount">Points whose features equal an earlier point's.</param>
/// <param name="ConflictingDuplicateCount">Points whose features equal an earlier point's that has a different
/// label or target (see <see cref="DatasetChecks.FindConflictingDuplicates(Dataset)"/>).</param>
public sealed record GeometryReport(
    int SampleCount,
    int FeatureCount,
    int ClassCount,
    IReadOnlyList<ClassSize> ClassSizes,
    int NumericalRank,
    double? MinDistanceBetweenClasses,
    SamplePair? MinDistanceBetweenClassesPair,
    double? MinDistance,
    SamplePair? MinDistancePair,
    double MaxNorm,
    int DuplicateCount,
    int ConflictingDuplicateCount)
{
    /// <summary>Rows per block of the pairwise search: the Gram block is 1024 x 1024 float32 (4 MiB).</summary>
    private const int DefaultBlockRows = 1024;

    /// <summary>
    /// Computes the report. Minimum distances are found exactly without an N x N matrix: the data is
    /// centred and the Gram matrix of blocks of rows is computed with <see cref="IBlas.Sgemm"/>, giving
    /// approximate squared distances |x|^2 + |y|^2 - 2 x.y; a rigorous bound on their rounding error
    /// keeps every pair that could be the closest, and those candidates are recomputed exactly in
    /// float64 from the stored features. Memory is O(N d + block^2); the distances and pairs do not depend on the
    /// backend or its thread count. The numerical rank comes from a covariance computed with the backend's DGEMM,
    /// so for data whose singular values sit at the rank threshold it can differ between backends or CPU kernels.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="blas">The backend for the Gram blocks and the rank.</param>
    /// <param name="progress">Receives the fraction of the pairwise search done, from 0 to 1; null for none.</param>
    public static GeometryReport Describe(Dataset data, IBlas blas, IProgress<double>? progress = null) =>
        Describe(data, blas, DefaultBlockRows, progress);

    /// <summary><see cref="Describe(Dataset, IBlas, IProgress{double})"/> with a chosen block size, so tests can cross block boundaries on small data.</summary>
    internal static GeometryReport Describe(Dataset data, IBlas blas, int blockRows, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(blockRows);
        int[] firstOccurrence = DatasetChecks.FirstOccurrences(data);
        int duplicates = firstOccurrence.Where((first, i) => first != i).Count();
        int conflicts = DatasetChecks.FindConflictingDuplicates(data, firstOccurrence).Count;
        var (overall, betweenClasses) = ClosestPairs(data, blas, firstOccurrence, blockRows, progress);
        int[] sizes = data.ClassSizes();
        double maxNorm = Enumerable.Range(0, data.SampleCount).Max(i => Math.Sqrt(SquaredNorm(data.Row(i))));
        return new GeometryReport(
            data.SampleCount,
            data.FeatureCount,
            data.ClassCount,
            sizes.Select((count, label) => new ClassSize(label, data.ClassNames[label], count)).ToArray(),
            PrincipalComponents.NumericalRankOf(data, blas),
            betweenClasses?.Distance,
            betweenClasses?.Pair,
            overall?.Distance,
            overall?.Pair,
            maxNorm,
            duplicates,
            conflicts);
    }

    private static (ClosestPair? Overall, ClosestPair? BetweenClasses) ClosestPairs(
        Dataset data, IBlas blas, int[] firstOccurrence, int blockRows, IProgress<double>? progress)
    {
        int n = data.SampleCount, d = data.FeatureCount;
        int[] labels = data.TargetKind == TargetKind.Classes ? data.Labels.ToArray() : [];
        bool classes = data.TargetKind == TargetKind.Classes;

        // Centre in float64 and round once to float32: each centred row is off by at most u32 |x - mean|.
        double[] mean = ColumnStatistics.Means(data.Features, d);
        var centred = new float[(long)n * d];
        var squaredNorms = new double[n];
        var norms = new double[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.Row(i);
            Span<float> target = centred.AsSpan(i * d, d);
            for (int k = 0; k < d; k++) target[k] = (float)(row[k] - mean[k]);
            squaredNorms[i] = SquaredNorm(target);
            norms[i] = Math.Sqrt(squaredNorms[i]);
        }

        // Rounding bounds (Higham, "Accuracy and Stability of Numerical Algorithms", section 3.1): a float32
        // dot product of length d errs by at most gamma_d |x||y|, gamma_d = d u / (1 - d u), u = 2^-24.
        const double u32 = 1.0 / (1 << 24), u64 = 1.0 / (1L << 53);
        double gamma = d * u32 / (1 - d * u32) * 1.01;
        double centringError = u32 * 1.01;
        // The rows of each Gram block are scanned in a fixed number of contiguous chunks, each with its own
        // candidate sets, so the work splits across the backend's threads while the answer (the exact minimum
        // over every surviving candidate, smallest indices on ties) does not depend on the split.
        int chunks = Math.Max(1, blas.ThreadCount);
        var overall = Enumerable.Range(0, chunks).Select(_ => new CandidateSet()).ToArray();
        var betweenClasses = Enumerable.Range(0, chunks).Select(_ => new CandidateSet()).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = chunks };
        int b = Math.Min(blockRows, n);
        var gram = new float[(long)b * b];
        double totalPairs = (double)n * (n - 1) / 2, pairsDone = 0;
        for (int i0 = 0; i0 < n; i0 += b)
        {
            int rowsI = Math.Min(b, n - i0);
            for (int j0 = i0; j0 < n; j0 += b)
            {
                int rowsJ = Math.Min(b, n - j0);
                blas.Sgemm(Transpose.No, Transpose.Yes, rowsI, rowsJ, d, 1f,
                    centred.AsSpan(i0 * d, rowsI * d), d, centred.AsSpan(j0 * d, rowsJ * d), d, 0f, gram, rowsJ);
                int blockI = i0, blockJ = j0;
                Parallel.For(0, chunks, parallel, chunk =>
                {
                    int first = (int)((long)rowsI * chunk / chunks), last = (int)((long)rowsI * (chunk + 1) / chunks);
                    for (int bi = first; bi < last; bi++)
                    {
                        int i = blockI + bi;
                        ReadOnlySpan<float> gramRow = gram.AsSpan(bi * rowsJ, rowsJ);
                        for (int bj = blockJ == blockI ? bi + 1 : 0; bj < rowsJ; bj++)
                        {
                            int j = blockJ + bj;
                            if (firstOccurrence[i] == firstOccurrence[j]) continue;
                            double approx = squaredNorms[i] + squaredNorms[j] - 2.0 * gramRow[bj];
                            double error = 2 * gamma * norms[i] * norms[j] + 4 * (d + 2) * u64 * (squaredNorms[i] + squaredNorms[j]);
                            double shift = centringError * (norms[i] + norms[j]);
                            overall[chunk].Offer(i, j, approx, error, shift);
                            if (classes && labels[i] != labels[j]) betweenClasses[chunk].Offer(i, j, approx, error, shift);
                        }
                    }
                });
                pairsDone += blockJ == blockI ? (double)rowsI * (rowsI - 1) / 2 : (double)rowsI * rowsJ;
                progress?.Report(totalPairs == 0 ? 1 : pairsDone / totalPairs);
            }
        }
        return (CandidateSet.Closest(overall, data), classes ? CandidateSet.Closest(betweenClasses, data) : null);
    }

    private static double SquaredNorm(ReadOnlySpan<float> row)
    {
        double sum = 0;
        foreach (float value in row) sum += (double)value * value;
        return sum;
    }

    private sealed record ClosestPair(SamplePair Pair, double Distance);

    /// <summary>
    /// The pairs that may be the closest. Each offered pair's true distance lies in
    /// [sqrt(approx - error) - shift, sqrt(approx + error) + shift]; a pair whose lower end exceeds the
    /// smallest upper end seen so far cannot be the closest and is dropped.
    /// </summary>
    private sealed class CandidateSet
    {
        private readonly List<(int I, int J, double Lower)> _candidates = [];
        private double _upper = double.PositiveInfinity;
        private int _pruneAt = 1024;

        public void Offer(int i, int j, double approx, double error, double shift)
        {
            double reach = _upper + shift;
            if (approx - error > reach * reach) return;
            double lower = Math.Sqrt(Math.Max(approx - error, 0)) - shift;
            if (lower > _upper) return;
            _candidates.Add((i, j, lower));
            _upper = Math.Min(_upper, Math.Sqrt(Math.Max(approx + error, 0)) + shift);
            if (_candidates.Count >= _pruneAt)
            {
                _candidates.RemoveAll(c => c.Lower > _upper);
                _pruneAt = Math.Max(1024, 2 * _candidates.Count);
            }
        }

        /// <summary>
        /// The candidate with the smallest exact float64 distance across <paramref name="sets"/>, smallest indices first
        /// on ties; null when none was offered.
        /// </summary>
        public static ClosestPair? Closest(IReadOnlyList<CandidateSet> sets, Dataset data)
        {
            double upper = sets.Min(set => set._upper);
            ClosestPair? best = null;
            foreach (var set in sets)
                foreach (var (i, j, lower) in set._candidates)
                {
                    if (lower > upper) continue;
                    double distance = Math.Sqrt(PointDistance.Squared(data.Row(i), data.Row(j)));
                    if (best is null || distance < best.Distance
                        || (distance == best.Distance && (i, j).CompareTo((best.Pair.First, best.Pair.Second)) < 0))
                        best = new ClosestPair(new SamplePair(i, j), distance);
                }
            return best;
        }
    }
}
