using System.Numerics;

namespace MemLab.Constructions;

/// <summary>
/// Exact integer inner products for threshold first layers (ALGORITHMS.md section 1, step 6): Phi(x) is an n-bit
/// row of ulongs, U(x) its complement within n bits, and &lt;U(x_c), Phi(x_t)&gt; = popcount(~code_c &amp; code_t).
/// Candidates are taken in blocks whose complemented codes stay in L1 while every target row streams past once;
/// targets are split into a fixed number of contiguous parts, one per thread, and mins are combined afterwards,
/// so results do not depend on the thread count. Memory: N n bits plus the block.
/// </summary>
internal sealed class BitCodeProducts : IInnerProducts
{
    private readonly ulong[] _codes;
    private readonly int _words;
    private readonly ulong _lastWordMask;
    private readonly int _threads;

    /// <param name="codes">N rows of <paramref name="words"/> ulongs: bit j of row i is 1 when unit j is on at x_i; bits past n are 0.</param>
    /// <param name="words">ceil(n / 64).</param>
    /// <param name="width">n.</param>
    /// <param name="threads">Most threads to use (>= 1).</param>
    public BitCodeProducts(ulong[] codes, int words, int width, int threads)
    {
        _codes = codes;
        _words = words;
        _lastWordMask = width % 64 == 0 ? ulong.MaxValue : (1UL << (width % 64)) - 1;
        _threads = threads;
        Count = codes.Length / words;
    }

    public int Count { get; }

    /// <summary>The code of point <paramref name="index"/>.</summary>
    public ReadOnlySpan<ulong> Code(int index) => _codes.AsSpan(index * _words, _words);

    public void Min(int[] candidates, int[] targets, double[] min)
    {
        ulong[] off = Complements(candidates);
        int parts = Parts(targets.Length);
        var partial = new int[parts][];
        Run(parts, part =>
        {
            var best = new int[candidates.Length];
            Array.Fill(best, int.MaxValue);
            var (start, end) = Range(part, parts, targets.Length);
            for (int j = start; j < end; j++)
            {
                ReadOnlySpan<ulong> code = _codes.AsSpan(targets[j] * _words, _words);
                for (int i = 0; i < candidates.Length; i++)
                {
                    int product = Product(off.AsSpan(i * _words, _words), code);
                    if (product < best[i]) best[i] = product;
                }
            }
            partial[part] = best;
        });
        for (int i = 0; i < candidates.Length; i++)
        {
            int best = int.MaxValue;
            foreach (int[] values in partial) best = Math.Min(best, values[i]);
            min[i] = best;
        }
    }

    public void Below(int[] candidates, double[] thresholds, int[] targets, bool[] below)
    {
        ulong[] off = Complements(candidates);
        int parts = Parts(targets.Length);
        int count = targets.Length;
        Run(parts, part =>
        {
            var (start, end) = Range(part, parts, count);
            for (int j = start; j < end; j++)
            {
                ReadOnlySpan<ulong> code = _codes.AsSpan(targets[j] * _words, _words);
                for (int i = 0; i < candidates.Length; i++)
                    below[i * count + j] = Product(off.AsSpan(i * _words, _words), code) < thresholds[i];
            }
        });
    }

    /// <summary>popcount(u &amp; code) over the row: the number of units off at the candidate and on at the target.</summary>
    private static int Product(ReadOnlySpan<ulong> u, ReadOnlySpan<ulong> code)
    {
        int sum = 0;
        for (int w = 0; w < u.Length; w++) sum += BitOperations.PopCount(u[w] & code[w]);
        return sum;
    }

    /// <summary>U(x_c) for each candidate: the complemented codes, with the bits past n cleared.</summary>
    private ulong[] Complements(int[] candidates)
    {
        var off = new ulong[candidates.Length * _words];
        for (int i = 0; i < candidates.Length; i++)
        {
            ReadOnlySpan<ulong> code = Code(candidates[i]);
            for (int w = 0; w < _words; w++) off[i * _words + w] = ~code[w];
            off[i * _words + _words - 1] &= _lastWordMask;
        }
        return off;
    }

    /// <summary>One part per thread, but no part smaller than 256 targets (smaller work does not pay for a thread).</summary>
    private int Parts(int targets) => Math.Max(1, Math.Min(_threads, targets / 256));

    private static (int Start, int End) Range(int part, int parts, int count) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    private void Run(int parts, Action<int> body)
    {
        if (parts == 1) body(0);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = _threads }, body);
    }
}
