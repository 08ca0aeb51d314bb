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

    public int OnCount(int index)
    {
        int sum = 0;
        foreach (ulong word in Code(index)) sum += BitOperations.PopCount(word);
        return sum;
    }

    /// <summary>The code of point <paramref name="index"/>.</summary>
    public ReadOnlySpan<ulong> Code(int index) => _codes.AsSpan(index * _words, _words);

    public unsafe void Min(int[] candidates, int[] targets, double[] min)
    {
        ulong[] off = Complements(candidates);
        int parts = Parts(targets.Length);
        var partial = new int[parts][];
        int words = _words;
        Run(parts, part =>
        {
            var best = new int[candidates.Length];
            Array.Fill(best, int.MaxValue);
            var (start, end) = Range(part, parts, targets.Length);
            fixed (ulong* u = off, codes = _codes)
            fixed (int* smallest = best)
            {
                int j = start;
                for (; j + 1 < end; j += 2)
                {
                    ulong* a = codes + (long)targets[j] * words, b = codes + (long)targets[j + 1] * words;
                    for (int i = 0; i < candidates.Length; i++)
                    {
                        var (pa, pb) = Products(u + (long)i * words, a, b, words);
                        int product = Math.Min(pa, pb);
                        if (product < smallest[i]) smallest[i] = product;
                    }
                }
                for (; j < end; j++)
                {
                    ulong* a = codes + (long)targets[j] * words;
                    for (int i = 0; i < candidates.Length; i++)
                    {
                        int product = Product(u + (long)i * words, a, words);
                        if (product < smallest[i]) smallest[i] = product;
                    }
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

    public unsafe void Below(int[] candidates, double[] thresholds, int[] targets, bool[] below)
    {
        ulong[] off = Complements(candidates);
        int parts = Parts(targets.Length);
        int count = targets.Length, words = _words;
        Run(parts, part =>
        {
            var (start, end) = Range(part, parts, count);
            fixed (ulong* u = off, codes = _codes)
            {
                for (int j = start; j < end; j++)
                {
                    ulong* a = codes + (long)targets[j] * words;
                    for (int i = 0; i < candidates.Length; i++)
                        below[i * count + j] = Product(u + (long)i * words, a, words) < thresholds[i];
                }
            }
        });
    }

    public unsafe void CountBelow(int[] candidates, double[] thresholds, int[] targets, int[] counts)
    {
        ulong[] off = Complements(candidates);
        int parts = Parts(targets.Length);
        var partial = new int[parts][];
        int words = _words;
        Run(parts, part =>
        {
            var found = new int[candidates.Length];
            var (start, end) = Range(part, parts, targets.Length);
            fixed (ulong* u = off, codes = _codes)
            fixed (int* counted = found)
            fixed (double* limit = thresholds)
            {
                int j = start;
                for (; j + 1 < end; j += 2)
                {
                    ulong* a = codes + (long)targets[j] * words, b = codes + (long)targets[j + 1] * words;
                    for (int i = 0; i < candidates.Length; i++)
                    {
                        var (pa, pb) = Products(u + (long)i * words, a, b, words);
                        counted[i] += (pa < limit[i] ? 1 : 0) + (pb < limit[i] ? 1 : 0);
                    }
                }
                for (; j < end; j++)
                {
                    ulong* a = codes + (long)targets[j] * words;
                    for (int i = 0; i < candidates.Length; i++)
                        if (Product(u + (long)i * words, a, words) < limit[i]) counted[i]++;
                }
            }
            partial[part] = found;
        });
        for (int i = 0; i < candidates.Length; i++)
        {
            int sum = 0;
            foreach (int[] values in partial) sum += values[i];
            counts[i] = sum;
        }
    }

    /// <summary>popcount(u &amp; code) over the row: the number of units off at the candidate and on at the target.</summary>
    private static unsafe int Product(ulong* u, ulong* code, int words)
    {
        if (words == 8) return Product8(u, code);
        int sum = 0;
        for (int w = 0; w < words; w++) sum += BitOperations.PopCount(u[w] & code[w]);
        return sum;
    }

    /// <summary><see cref="Product"/> for two targets at once, loading each candidate word once.</summary>
    private static unsafe (int A, int B) Products(ulong* u, ulong* a, ulong* b, int words)
    {
        if (words == 8) return (Product8(u, a), Product8(u, b));
        int sumA = 0, sumB = 0;
        for (int w = 0; w < words; w++)
        {
            ulong word = u[w];
            sumA += BitOperations.PopCount(word & a[w]);
            sumB += BitOperations.PopCount(word & b[w]);
        }
        return (sumA, sumB);
    }

    /// <summary><see cref="Product"/> unrolled for 8 words (n from 449 to 512, the common n = 500).</summary>
    private static unsafe int Product8(ulong* u, ulong* code) =>
        BitOperations.PopCount(u[0] & code[0]) + BitOperations.PopCount(u[1] & code[1]) +
        BitOperations.PopCount(u[2] & code[2]) + BitOperations.PopCount(u[3] & code[3]) +
        BitOperations.PopCount(u[4] & code[4]) + BitOperations.PopCount(u[5] & code[5]) +
        BitOperations.PopCount(u[6] & code[6]) + BitOperations.PopCount(u[7] & code[7]);

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
