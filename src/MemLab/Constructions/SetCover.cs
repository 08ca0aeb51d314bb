namespace MemLab.Constructions;

/// <summary>
/// The three ways of choosing second-layer neurons for one class X- against the rest X+ (docs/algorithms.md section 1,
/// step 3). The neuron of candidate c fires on x iff &lt;U(x_c), Phi(x)&gt; &lt; t(m(c)), where
/// m(c) = min over X+ of &lt;U(x_c), Phi(x+)&gt; and t is the threshold of the chosen <see cref="CoverReach"/> (an
/// increasing function with t(m) &lt;= m); it covers the points of X- it fires on, and exists only when m(c) &gt; 0.
/// Work is done in blocks of candidates; the blocking changes only the speed, never the result.
/// </summary>
internal static class SetCover
{
    private const int MaxBlock = 64;
    private const int GreedySample = 1024;

    /// <summary>Classes with more points than this get the sampled greedy cover (see <see cref="Greedy"/>).</summary>
    internal const int ExactGreedyLimit = 8192;

    /// <summary>Candidates the sampled greedy draws and scores exactly per neuron kept.</summary>
    private const int FreshCandidates = 8;

    /// <summary>Uncovered points the sampled greedy counts the candidates on at each step.</summary>
    private const int CountSample = 4096;

    /// <summary>Most scored candidates the sampled greedy keeps for later steps.</summary>
    private const int MaxBench = 256;

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
    /// The greedy cover: for a class of at most <see cref="ExactGreedyLimit"/> points the exact greedy
    /// (<see cref="ExactGreedy"/>), which scores every candidate against every point, O(|X-|^2) work that a class of
    /// hundreds of thousands of points cannot afford; above it the sampled greedy (<see cref="SampledGreedy"/>).
    /// Deterministic for <paramref name="rng"/>, which only the sampled greedy draws from.
    /// </summary>
    public static ClassCover Greedy(IInnerProducts products, int[] negatives, int[] positives, Func<double, double> threshold, Rng rng, IProgress<double>? progress) =>
        negatives.Length <= ExactGreedyLimit
            ? ExactGreedy(products, negatives, positives, threshold, progress)
            : SampledGreedy(products, negatives, positives, threshold, rng, progress);

    /// <summary>
    /// Stochastic greedy set cover (in the spirit of Mirzasoleiman et al. 2015, "Lazier than lazy greedy"): at each step,
    /// draw <see cref="FreshCandidates"/> uncovered points not drawn before (in a uniformly random order) and compute
    /// their exact m; among them and the earlier scored candidates with m &gt; 0 on the bench (at most
    /// <see cref="MaxBench"/>), keep the neuron that covers the most of a uniform sample of <see cref="CountSample"/>
    /// uncovered points (all of them when the sample finds none; ties to the smallest index), and mark covered every
    /// point it fires on. The best-counting half of the rest stay on the bench, the others wait in a queue for room; a
    /// bench on which no candidate covers any uncovered point is dropped. The steps end when every point is covered,
    /// or drawn with nothing left to try; a point left uncovered was drawn and no scored neuron, its own included,
    /// covers it (with threshold units: its m is 0), as in the random cover. Each kept neuron costs a few exact scans of X+ where the random cover
    /// spends one, and the choice among many candidates keeps the cover far narrower than the random one.
    /// </summary>
    private static ClassCover SampledGreedy(IInnerProducts products, int[] negatives, int[] positives, Func<double, double> threshold, Rng rng, IProgress<double>? progress)
    {
        int count = negatives.Length;
        int[] order = rng.Permutation(count);
        var covered = new bool[count];
        var m = new double[count];
        var bench = new List<int>();
        var returned = new Queue<int>();
        var neurons = new List<(int, double)>();
        int[] open = Enumerable.Range(0, count).ToArray();
        int cursor = 0;
        long scored = 0;
        while (open.Length > 0)
        {
            var fresh = new List<int>(FreshCandidates);
            while (fresh.Count < FreshCandidates && cursor < count)
            {
                int p = order[cursor++];
                if (!covered[p]) fresh.Add(p);
            }
            if (fresh.Count > 0)
            {
                var min = new double[fresh.Count];
                products.Min(fresh.Select(p => negatives[p]).ToArray(), positives, min);
                scored += fresh.Count;
                for (int i = 0; i < fresh.Count; i++)
                {
                    m[fresh[i]] = min[i];
                    if (min[i] > 0) bench.Add(fresh[i]);
                }
            }
            while (bench.Count < MaxBench && returned.TryDequeue(out int again)) bench.Add(again);
            if (bench.Count == 0)
            {
                if (cursor == count) break;
                continue;
            }
            int[] candidates = bench.Select(p => negatives[p]).ToArray();
            double[] thresholds = Thresholds(bench.Select(p => m[p]).ToArray(), threshold);
            int[] targets = rng.SampleWithoutReplacement(open.Length, Math.Min(CountSample, open.Length)).Select(j => negatives[open[j]]).ToArray();
            var counts = new int[bench.Count];
            products.CountBelow(candidates, thresholds, targets, counts);
            if (counts.All(c => c == 0) && targets.Length < open.Length)
                products.CountBelow(candidates, thresholds, open.Select(p => negatives[p]).ToArray(), counts);
            int best = -1;
            for (int i = 0; i < bench.Count; i++)
                if (counts[i] > 0 && (best < 0 || counts[i] > counts[best] || (counts[i] == counts[best] && bench[i] < bench[best]))) best = i;
            if (best < 0)
            {
                bench.Clear();
                continue;
            }
            int chosen = bench[best];
            neurons.Add((negatives[chosen], m[chosen]));
            var ranked = bench.Select((p, i) => (Position: p, Count: counts[i])).Where((_, i) => i != best)
                .OrderByDescending(c => c.Count).ThenBy(c => c.Position).Select(c => c.Position).ToList();
            bench = ranked.Take(MaxBench / 2).ToList();
            foreach (int p in ranked.Skip(MaxBench / 2)) returned.Enqueue(p);
            var below = new bool[open.Length];
            products.Below([negatives[chosen]], Thresholds([m[chosen]], threshold), open.Select(p => negatives[p]).ToArray(), below);
            for (int j = 0; j < open.Length; j++)
                if (below[j]) covered[open[j]] = true;
            open = open.Where(p => !covered[p]).ToArray();
            progress?.Report(1 - (double)open.Length / count);
        }
        return new ClassCover(neurons, open.Select(p => negatives[p]).ToArray(), scored);
    }

    /// <summary>
    /// Greedy set cover: repeatedly keep the neuron that covers the most still-uncovered points of X-, ties to the
    /// smallest candidate index, until no neuron covers any. Lazy evaluation (Minoux's accelerated greedy) gives the
    /// same choices with far less work. Every candidate's key in a max-heap is an upper bound on its current count:
    /// its m is the minimum over the stages of X+ scanned so far (see <see cref="Stages"/>; an upper bound on the
    /// exact m, so it covers at least as much), and counts only shrink as points get covered. A candidate at the top
    /// of the heap is improved one step at a time, cheapest first: a stale count is brought up to date by subtracting
    /// what it covers among the points covered since it was counted (or counted afresh when those are more than the
    /// uncovered points); an up-to-date count whose m is not yet exact scans the next stage (and is recounted if its
    /// m fell); an exact, up-to-date count that is still the largest key is kept. Most candidates drop out of
    /// contention after a stage or two, long before all of X+ is scanned.
    /// </summary>
    private static ClassCover ExactGreedy(IInnerProducts products, int[] negatives, int[] positives, Func<double, double> threshold, IProgress<double>? progress)
    {
        int count = negatives.Length;
        List<int[]> stages = Stages(products, positives);
        var m = new double[count];
        Array.Fill(m, double.PositiveInfinity);
        var stage = new int[count];
        var counts = new int[count];
        for (int first = 0; first < count; first += MaxBlock)
        {
            int[] block = Enumerable.Range(first, Math.Min(MaxBlock, count - first)).ToArray();
            Scan(products, negatives, block, stages, m, stage);
            Count(products, negatives, block, m, negatives, threshold, counts);
        }

        // Max-heap on (count, then smallest index). fresh[p] is the round in which counts[p] was last brought up to
        // date; the points covered since then are log[roundStart[fresh[p]]..logged).
        var heap = new PriorityQueue<int, (int Count, int Index)>(Comparer<(int Count, int Index)>.Create(
            (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Index.CompareTo(b.Index)));
        var fresh = new int[count];
        int round = 1;
        for (int p = 0; p < count; p++)
        {
            fresh[p] = round;
            heap.Enqueue(p, (counts[p], p));
        }
        var roundStart = new List<int> { 0, 0 };
        var log = new int[count];
        int logged = 0;
        var covered = new bool[count];
        int[] open = Enumerable.Range(0, count).ToArray();
        int[] openIndices = negatives;
        var neurons = new List<(int, double)>();
        var batch = new List<int>(MaxBlock);
        while (heap.TryPeek(out int top, out var key) && key.Count > 0)
        {
            if (fresh[top] == round && stage[top] == stages.Count)
            {
                heap.Dequeue();
                neurons.Add((negatives[top], m[top]));
                var below = new bool[open.Length];
                products.Below([negatives[top]], Thresholds([m[top]], threshold), openIndices, below);
                for (int j = 0; j < open.Length; j++)
                    if (below[j])
                    {
                        covered[open[j]] = true;
                        log[logged++] = open[j];
                    }
                open = open.Where(p => !covered[p]).ToArray();
                openIndices = open.Select(p => negatives[p]).ToArray();
                round++;
                roundStart.Add(logged);
                progress?.Report((double)logged / count);
                continue;
            }
            // Take the top candidates that can still improve and bring each one step closer to its exact count.
            batch.Clear();
            while (batch.Count < MaxBlock / 2 && heap.TryPeek(out int next, out var nextKey) && nextKey.Count > 0
                   && !(fresh[next] == round && stage[next] == stages.Count))
            {
                heap.Dequeue();
                batch.Add(next);
            }
            int[] inexact = batch.Where(p => fresh[p] == round).ToArray();
            // A stale count loses what the candidate covers among the points covered since it was counted, unless
            // those outnumber the uncovered points: then counting afresh is cheaper.
            var recount = new List<int>();
            foreach (var group in batch.Where(p => fresh[p] < round).GroupBy(p => fresh[p]))
            {
                int[] stale = group.ToArray();
                foreach (int p in stale) fresh[p] = round;
                if (logged - roundStart[group.Key] >= open.Length)
                {
                    recount.AddRange(stale);
                    continue;
                }
                var lost = new int[stale.Length];
                int[] since = log[roundStart[group.Key]..logged].Select(p => negatives[p]).ToArray();
                products.CountBelow(stale.Select(p => negatives[p]).ToArray(), Thresholds(stale.Select(p => m[p]).ToArray(), threshold), since, lost);
                for (int i = 0; i < stale.Length; i++) counts[stale[i]] -= lost[i];
            }
            recount.AddRange(Scan(products, negatives, inexact, stages, m, stage));
            Count(products, negatives, recount.ToArray(), m, openIndices, threshold, counts);
            foreach (int p in batch) heap.Enqueue(p, (counts[p], p));
        }
        long scored = stage.Count(s => s == stages.Count);
        int[] uncovered = open.Select(p => negatives[p]).ToArray();
        return new ClassCover(neurons, uncovered, scored);
    }

    /// <summary>
    /// The parts of X+ the greedy scans in turn: X+ ordered by how many units are on (fewest first: those points have
    /// the smallest inner products with every candidate, so the early stages already bring m close to its exact
    /// value), cut into parts of <see cref="GreedySample"/>, then 4, 16, 64... times that size, each part in index
    /// order so its rows are read front to back; a single part when X+ is no larger than the sample.
    /// </summary>
    private static List<int[]> Stages(IInnerProducts products, int[] positives)
    {
        if (positives.Length <= GreedySample) return [positives];
        positives = positives.OrderBy(products.OnCount).ThenBy(t => t).ToArray();
        var stages = new List<int[]>();
        for (int start = 0, size = GreedySample; start < positives.Length; start += size, size *= 4)
            stages.Add(positives[start..Math.Min(positives.Length, start + size)].Order().ToArray());
        return stages;
    }

    /// <summary>
    /// Lowers m of each candidate (positions in X-) by the next stage of X+ it has not scanned (m = 0 is exact at once,
    /// so such a candidate skips the remaining stages) and returns those whose m fell.
    /// </summary>
    private static int[] Scan(IInnerProducts products, int[] negatives, int[] candidates, List<int[]> stages, double[] m, int[] stage)
    {
        var fell = new List<int>();
        foreach (var group in candidates.GroupBy(p => stage[p]))
        {
            int[] members = group.ToArray();
            var min = new double[members.Length];
            products.Min(members.Select(p => negatives[p]).ToArray(), stages[group.Key], min);
            for (int i = 0; i < members.Length; i++)
            {
                int p = members[i];
                if (min[i] < m[p])
                {
                    m[p] = min[i];
                    fell.Add(p);
                }
                stage[p] = m[p] == 0 ? stages.Count : stage[p] + 1;
            }
        }
        return fell.ToArray();
    }

    /// <summary>counts[p] = how many of <paramref name="targets"/> the neuron of candidate p (a position in X-) with its current m covers.</summary>
    private static void Count(IInnerProducts products, int[] negatives, int[] candidates, double[] m, int[] targets, Func<double, double> threshold, int[] counts)
    {
        if (candidates.Length == 0) return;
        var found = new int[candidates.Length];
        products.CountBelow(candidates.Select(p => negatives[p]).ToArray(), Thresholds(candidates.Select(p => m[p]).ToArray(), threshold), targets, found);
        for (int i = 0; i < candidates.Length; i++) counts[candidates[i]] = found[i];
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
