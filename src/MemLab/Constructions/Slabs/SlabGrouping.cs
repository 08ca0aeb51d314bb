using MemLab.LinearAlgebra;

namespace MemLab.Constructions.Slabs;

/// <summary>
/// Splits points into groups of r (the working dimension) and puts a hyperplane through each group, for the
/// hyperplane-slab constructions of Baum (1988) and Bubeck, Eldan, Lee, Mikulincer (2020) (docs/algorithms.md sections 0
/// and 3). All in float64.
/// <list type="number">
/// <item>Groups: the points in a random order (from the seed), cut into consecutive groups of r; the last group may be smaller.</item>
/// <item>Hyperplane: a group of m &lt;= r points is padded with r - m virtual points drawn around the data, and the
/// r x r system (Z - o) w0 = 1 is solved by a blocked LU (<see cref="BlockedLu"/>) for a random shift o; then
/// w = w0 / |w0| and b = (1 + w0.o) / |w0|. For m = r this is the null space of the rows [z^T, -1]; for m &lt; r it
/// is a random hyperplane through the m points. Targets are fitted with the same factors: (Z - o) s_k = y_k, and
/// v_k = s_k - (s_k.w) w (the smallest-norm v_k: the fitted map is constant along the normal).</item>
/// <item>Distances of all N points to all new hyperplanes (and the fitted maps at every point) are one N x G GEMM.</item>
/// <item>Repair: a group whose eps is below <c>safety</c> times its rounding bound, or whose system is singular, is
/// split into two halves (each padded again), and a single point gets a freshly drawn hyperplane; this repeats for
/// a bounded number of rounds. Groups still below the bound are kept and reported as fragile.</item>
/// </list>
/// </summary>
internal sealed class SlabGrouping(WorkingCoordinates coordinates, bool[] exempt, double[]? targets, int targetCount, IBlas blas, Rng rng)
{
    private const double UnitRoundoff = 1.0 / (1L << 53);
    private const int ChunkRows = 4096;
    private const long ChunkValues = 1 << 20;

    /// <summary>The groups, in the order they were accepted.</summary>
    public List<SlabGroup> Groups { get; } = [];

    /// <summary>How many groups were split in two because eps was too close to rounding or the system was singular.</summary>
    public int Splits { get; private set; }

    /// <summary>How many single-point groups got a freshly drawn hyperplane for the same reason.</summary>
    public int Redraws { get; private set; }

    /// <summary>Virtual points used to pad groups of fewer than r points.</summary>
    public long VirtualPoints { get; private set; }

    /// <summary>
    /// Groups <paramref name="candidates"/> and fits their hyperplanes (see the type's summary).
    /// </summary>
    /// <param name="coordinates">The working coordinates of every point.</param>
    /// <param name="candidates">The points to group, each exactly once.</param>
    /// <param name="exempt">Points that may lie inside any slab (Baum: the grouped class); the others set eps. A group's own members are always exempt.</param>
    /// <param name="targets">N x K targets (row-major) to fit on each group, or null.</param>
    /// <param name="targetCount">K (0 without targets).</param>
    /// <param name="safety">The required eps / rounding-bound ratio.</param>
    /// <param name="seed">Draws the order, the virtual points and the shifts.</param>
    /// <param name="blas">The GEMM backend.</param>
    /// <exception cref="MemLabException">(HypothesisViolated) a group's points stay affinely dependent however they are regrouped.</exception>
    public static SlabGrouping Build(WorkingCoordinates coordinates, int[] candidates, bool[] exempt, double[]? targets, int targetCount,
        double safety, Seed seed, IBlas blas)
    {
        var grouping = new SlabGrouping(coordinates, exempt, targets, targetCount, blas, seed.CreateRng());
        grouping.Run(candidates, safety);
        return grouping;
    }

    private void Run(int[] candidates, double safety)
    {
        int r = coordinates.Dimension;
        int[] order = rng.Permutation(candidates.Length);
        var pending = new List<int[]>();
        for (int start = 0; start < order.Length; start += r)
            pending.Add(order.Skip(start).Take(r).Select(k => candidates[k]).ToArray());
        int rounds = (int)Math.Ceiling(Math.Log2(r + 1)) + 8;
        for (int round = 0; round < rounds && pending.Count > 0; round++)
        {
            bool last = round == rounds - 1;
            var solved = pending.Select(Solve).ToList();
            var measured = Measure(solved.Where(s => s is not null).Select(s => s!).ToList());
            var next = new List<int[]>();
            int m = 0;
            for (int g = 0; g < pending.Count; g++)
            {
                SlabGroup? group = solved[g] is null ? null : measured[m++];
                if (group is not null && (group.SafetyRatio >= safety || last))
                {
                    Groups.Add(group);
                }
                else if (group is null && last)
                {
                    throw MemLabException.HypothesisViolated(
                        $"Samples {string.Join(", ", pending[g].Take(10))}{(pending[g].Length > 10 ? ", ..." : "")} stay affinely dependent " +
                        $"in the {r}-dimensional working coordinates after {rounds} regroupings, so no hyperplane through them is defined: the data is not in general position. " +
                        "Remove near-duplicate points or add a little noise.");
                }
                else if (pending[g].Length > 1)
                {
                    Splits++;
                    int half = (pending[g].Length + 1) / 2;
                    next.Add(pending[g][..half]);
                    next.Add(pending[g][half..]);
                }
                else
                {
                    Redraws++;
                    next.Add(pending[g]);
                }
            }
            pending = next;
        }
    }

    /// <summary>The hyperplane through <paramref name="members"/> (padded with virtual points) and the fitted maps, before distances are known; null when the system is singular.</summary>
    private SlabGroup? Solve(int[] members)
    {
        int r = coordinates.Dimension, k = targetCount;
        double spread = coordinates.CoordinateSpread > 0 ? coordinates.CoordinateSpread : 1;
        var a = new double[(long)r * r];
        for (int t = 0; t < members.Length; t++) coordinates.Point(members[t]).CopyTo(a.AsSpan(t * r, r));
        if (members.Length < r)
        {
            rng.FillGaussian(a.AsSpan(members.Length * r), 0, spread);
            VirtualPoints += r - members.Length;
        }
        var shift = new double[r];
        rng.FillGaussian(shift, 0, spread);
        for (int t = 0; t < r; t++)
            System.Numerics.Tensors.TensorPrimitives.Subtract(a.AsSpan(t * r, r), shift, a.AsSpan(t * r, r));
        var rhs = new double[(long)r * (1 + k)];
        rhs.AsSpan(0, r).Fill(1.0);
        for (int j = 0; j < k; j++)
            for (int t = 0; t < members.Length; t++)
                rhs[(long)(1 + j) * r + t] = targets![(long)members[t] * k + j];
        var pivots = new int[r];
        if (!BlockedLu.Factor(a, r, pivots, blas)) return null;
        BlockedLu.Solve(a, r, pivots, rhs, 1 + k);

        Span<double> w0 = rhs.AsSpan(0, r);
        double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<double>(w0, w0));
        if (!(double.IsFinite(norm) && norm > 0)) return null;
        double[] normal = new double[r];
        System.Numerics.Tensors.TensorPrimitives.Divide(w0, norm, normal);
        double offset = (1 + System.Numerics.Tensors.TensorPrimitives.Dot<double>(w0, shift)) / norm;
        var fits = new double[(long)k * r];
        var fitOffsets = new double[k];
        for (int j = 0; j < k; j++)
        {
            Span<double> s = rhs.AsSpan((1 + j) * r, r);
            double along = System.Numerics.Tensors.TensorPrimitives.Dot<double>(s, normal);
            double constant = -System.Numerics.Tensors.TensorPrimitives.Dot<double>(s, shift);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<double>(normal, -along, s, fits.AsSpan(j * r, r));
            fitOffsets[j] = constant + along * offset;
        }
        if (!fits.All(double.IsFinite) || !fitOffsets.All(double.IsFinite) || !double.IsFinite(offset)) return null;
        return new SlabGroup(members, normal, offset, 0, -1, 0, fits, fitOffsets, 0);
    }

    /// <summary>
    /// Fills in eps, the nearest outside point, the rounding bound and the largest fitted value for every group:
    /// one GEMM of all points against all normals and fitted maps, in chunks of rows.
    /// </summary>
    private List<SlabGroup> Measure(List<SlabGroup> groups)
    {
        int count = groups.Count, r = coordinates.Dimension, k = targetCount, n = coordinates.SampleCount;
        if (count == 0) return groups;
        int columns = count * (1 + k);
        var directions = new double[(long)columns * r];
        for (int g = 0; g < count; g++)
        {
            groups[g].Normal.CopyTo(directions.AsSpan(g * r, r));
            groups[g].Fits.CopyTo(directions.AsSpan((count + g * k) * r, k * r));
        }
        var owner = new int[n];
        Array.Fill(owner, -1);
        for (int g = 0; g < count; g++)
            foreach (int i in groups[g].Members) owner[i] = g;

        var nearestDistance = new double[count];
        Array.Fill(nearestDistance, double.PositiveInfinity);
        var nearest = new int[count];
        Array.Fill(nearest, -1);
        var residual = new double[count];
        var largestFit = new double[count];
        int chunk = (int)Math.Max(1, Math.Min(ChunkRows, ChunkValues / columns));
        var products = new double[(long)Math.Min(chunk, n) * columns];
        for (int first = 0; first < n; first += chunk)
        {
            int rows = Math.Min(chunk, n - first);
            blas.Dgemm(Transpose.No, Transpose.Yes, rows, columns, r, 1.0, coordinates.Points.Slice(first * r), r, directions, r,
                0.0, products, columns);
            for (int row = 0; row < rows; row++)
            {
                int i = first + row;
                ReadOnlySpan<double> values = products.AsSpan(row * columns, columns);
                for (int g = 0; g < count; g++)
                {
                    double distance = Math.Abs(values[g] - groups[g].Offset);
                    if (owner[i] == g) residual[g] = Math.Max(residual[g], distance);
                    else if (!exempt[i] && distance < nearestDistance[g]) (nearestDistance[g], nearest[g]) = (distance, i);
                    for (int j = 0; j < k; j++)
                        largestFit[g] = Math.Max(largestFit[g], Math.Abs(values[count + g * k + j] + groups[g].FitOffsets[j]));
                }
            }
        }

        double fallback = Math.Max(coordinates.LargestRawNorm + coordinates.MeanNorm, 1);
        double evaluation = (2.0 * coordinates.InputDimension + 4) * UnitRoundoff;
        return groups.Select((group, g) => group with
        {
            Eps = double.IsPositiveInfinity(nearestDistance[g]) ? fallback : nearestDistance[g] / 2,
            Nearest = nearest[g],
            Rounding = evaluation * (coordinates.LargestRawNorm + coordinates.MeanNorm + Math.Abs(group.Offset)) + residual[g],
            LargestFit = largestFit[g],
        }).ToList();
    }
}
