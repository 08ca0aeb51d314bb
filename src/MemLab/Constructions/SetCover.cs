namespace MemLab.Constructions;

/// <summary>
/// The three ways of choosing second-layer neurons for one class X- against the rest X+ (ALGORITHMS.md section 1,
/// step 3). The neuron of candidate c fires on x iff &lt;U(x_c), Phi(x)&gt; &lt; t(m(c)), where
/// m(c) = min over X+ of &lt;U(x_c), Phi(x+)&gt; and t is the threshold of the chosen <see cref="CoverReach"/> (an
/// increasing function with t(m) &lt;= m); it covers the points of X- it fires on, and exists only when m(c) &gt; 0.
/// Work is done in blocks of candidates; the blocking changes only the speed, never the result.
/// </summary>
internal static class SetCover
{
    private const int MaxBlock = 64;
    private const int GreedySample = 1024;

    /// <summary>One neuron per candidate with m &gt; 0, in index order.</summary>
    public static ClassCover All(IInnerProducts products, int[] negatives, int[] positives, Func<double, double> threshold, IProgress<double>? progress)
    {
        var neurons = new List<(int, double)>();
        var zero = new List<int>();
        for (int first = 0; first < negatives.Length; first += MaxBlock)
        {
            int[] block = negatives[first..Math.Min(negatives.Length, first + MaxBlock)];
            var m = new double[block.Length];
            products.Min(block, positives, m);
            for (int i = 0; i < block.Length; i++)
                if (m[i] > 0) neurons.Add((block[i], m[i]));
                else zero.Add(block[i]);
            progress?.Report((double)(first + block.Length) / negatives.Length);
        }
        return new ClassCover(neurons, StillUncovered(products, neurons, zero.ToArray(), threshold), negatives.Length);
    }

    /// <summary>
    /// The authors' randomized sequential cover: visit the points of X- in a uniformly random order (which is the
    /// same as repeatedly picking a uniformly random remaining point), skip those already covered, and keep the
    /// neuron of each visited point with m &gt; 0, covering what it fires on. Visited points with m = 0 stay uncovered
    /// unless a later neuron covers them. Blocks of upcoming candidates are scored together; a candidate covered by an
    /// earlier one in its block is then skipped exactly as the sequential loop would skip it.
    /// </summary>
    public static ClassCover Random(IInnerProducts products, int[] negatives, int[] positives, Func<double, double> threshold, Rng rng, IProgress<double>? progress)
    {
        int count = negatives.Length;
        int[] order = rng.Permutation(count);
        var covered = new bool[count];
        var neurons = new List<(int, double)>();
        int cursor = 0, blockSize = 1;
        long scored = 0;
        while (cursor < count)
        {
            var block = new List<int>(blockSize);
            while (block.Count < blockSize && cursor < count)
            {
                int p = order[cursor++];
                if (!covered[p]) block.Add(p);
            }
            if (block.Count == 0) break;
            int[] candidates = block.Select(p => negatives[p]).ToArray();
            var m = new double[candidates.Length];
            products.Min(candidates, positives, m);
            scored += candidates.Length;

            int[] open = Enumerable.Range(0, count).Where(p => !covered[p]).ToArray();
            int[] openIndices = open.Select(p => negatives[p]).ToArray();
            var below = new bool[candidates.Length * open.Length];
            products.Below(candidates, Thresholds(m, threshold), openIndices, below);

            int skipped = 0;
            for (int i = 0; i < block.Count; i++)
            {
                if (covered[block[i]])
                {
                    skipped++;
                    continue;
                }
                if (m[i] <= 0) continue;
                neurons.Add((candidates[i], m[i]));
                for (int j = 0; j < open.Length; j++)
                {
                    if (below[i * open.Length + j]) covered[open[j]] = true;
                }
            }
            // Grow the block while few of its candidates turn out covered by earlier ones; shrink it otherwise.
            blockSize = skipped * 4 <= block.Count ? Math.Min(MaxBlock, blockSize * 2) : Math.Max(1, blockSize / 2);
            progress?.Report((double)cursor / count);
        }
        int[] uncovered = Enumerable.Range(0, count).Where(p => !covered[p]).Select(p => negatives[p]).ToArray();
        return new ClassCover(neurons, uncovered, scored);
    }

    /// <summary>
    /// Greedy set cover: repeatedly keep the neuron that covers the most still-uncovered points of X-, ties to the
    /// smallest candidate index, until no neuron covers any. Lazy evaluation (Minoux's accelerated greedy) gives the
    /// same choices with far less work: every candidate starts with an upper bound on its count (its m bounded above
    /// by the minimum over an evenly spaced sample of X+, which can only enlarge what it covers), counts only shrink as
    /// points get covered, and a candidate is chosen only when its exact, current count beats every other bound.
    /// </summary>
    public static ClassCover Greedy(IInnerProducts products, int[] negatives, int[] positives, Func<double, double> threshold, IProgress<double>? progress)
    {
        int count = negatives.Length;
        int[] sample = positives.Length <= GreedySample
            ? positives
            : Enumerable.Range(0, GreedySample).Select(s => positives[(int)((long)s * positives.Length / GreedySample)]).ToArray();
        var m = new double[count];
        var exact = new bool[count];
        var counts = new int[count];
        for (int first = 0; first < count; first += MaxBlock)
        {
            int[] block = Enumerable.Range(first, Math.Min(MaxBlock, count - first)).ToArray();
            int[] candidates = block.Select(p => negatives[p]).ToArray();
            var bound = new double[block.Length];
            products.Min(candidates, sample, bound);
            for (int i = 0; i < block.Length; i++)
            {
                m[block[i]] = bound[i];
                exact[block[i]] = sample.Length == positives.Length || bound[i] == 0;
            }
            var below = new bool[block.Length * count];
            products.Below(candidates, Thresholds(bound, threshold), negatives, below);
            for (int i = 0; i < block.Length; i++)
                counts[block[i]] = below.AsSpan(i * count, count).Count(true);
        }
        long scored = exact.Count(e => e);

        // Max-heap on (count, then smallest index); fresh[p] == round means counts[p] is exact for the current uncovered set.
        var heap = new PriorityQueue<int, (int Count, int Index)>(Comparer<(int Count, int Index)>.Create(
            (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Index.CompareTo(b.Index)));
        var fresh = new int[count];
        int round = 1;
        for (int p = 0; p < count; p++)
        {
            fresh[p] = exact[p] ? round : 0;
            heap.Enqueue(p, (counts[p], p));
        }
        var covered = new bool[count];
        int[] open = Enumerable.Range(0, count).ToArray();
        var neurons = new List<(int, double)>();
        int coveredCount = 0;
        while (heap.TryPeek(out int top, out var key) && key.Count > 0)
        {
            if (fresh[top] == round)
            {
                heap.Dequeue();
                neurons.Add((negatives[top], m[top]));
                var below = new bool[open.Length];
                products.Below([negatives[top]], Thresholds([m[top]], threshold), open.Select(p => negatives[p]).ToArray(), below);
                for (int j = 0; j < open.Length; j++)
                    if (below[j])
                    {
                        covered[open[j]] = true;
                        coveredCount++;
                    }
                open = open.Where(p => !covered[p]).ToArray();
                round++;
                progress?.Report((double)coveredCount / count);
                continue;
            }
            // Re-evaluate the stale candidates at the top of the heap together, then put them back.
            var stale = new List<int>();
            while (stale.Count < MaxBlock / 4 && heap.TryPeek(out int next, out var nextKey) && nextKey.Count > 0)
            {
                heap.Dequeue();
                stale.Add(next);
            }
            int[] unscored = stale.Where(p => !exact[p]).ToArray();
            if (unscored.Length > 0)
            {
                var exactM = new double[unscored.Length];
                products.Min(unscored.Select(p => negatives[p]).ToArray(), positives, exactM);
                for (int i = 0; i < unscored.Length; i++)
                {
                    m[unscored[i]] = exactM[i];
                    exact[unscored[i]] = true;
                }
                scored += unscored.Length;
            }
            int[] openIndices = open.Select(p => negatives[p]).ToArray();
            var recount = new bool[stale.Count * open.Length];
            products.Below(stale.Select(p => negatives[p]).ToArray(), Thresholds(stale.Select(p => m[p]).ToArray(), threshold), openIndices, recount);
            for (int i = 0; i < stale.Count; i++)
            {
                int p = stale[i];
                counts[p] = recount.AsSpan(i * open.Length, open.Length).Count(true);
                fresh[p] = round;
                heap.Enqueue(p, (counts[p], p));
            }
        }
        int[] uncovered = open.Select(p => negatives[p]).ToArray();
        return new ClassCover(neurons, uncovered, scored);
    }

    /// <summary>A neuron covers x iff &lt;U, Phi(x)&gt; &lt; t(m); a neuron with m = 0 covers nothing (t(0) &lt;= 0).</summary>
    private static double[] Thresholds(double[] m, Func<double, double> threshold) => m.Select(threshold).ToArray();

    /// <summary>Those of <paramref name="points"/> that none of <paramref name="neurons"/> covers, ascending.</summary>
    private static int[] StillUncovered(IInnerProducts products, List<(int Index, double M)> neurons, int[] points, Func<double, double> threshold)
    {
        if (points.Length == 0 || neurons.Count == 0) return points;
        var covered = new bool[points.Length];
        for (int first = 0; first < neurons.Count; first += MaxBlock)
        {
            var block = neurons.GetRange(first, Math.Min(MaxBlock, neurons.Count - first));
            var below = new bool[block.Count * points.Length];
            products.Below(block.Select(b => b.Index).ToArray(), Thresholds(block.Select(b => b.M).ToArray(), threshold), points, below);
            for (int i = 0; i < below.Length; i++)
                if (below[i]) covered[i % points.Length] = true;
        }
        return points.Where((_, j) => !covered[j]).ToArray();
    }
}
