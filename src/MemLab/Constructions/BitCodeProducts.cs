using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra;

namespace MemLab.Constructions;

/// <summary>
/// Exact integer inner products for threshold first layers (docs/algorithms.md section 1, step 6): Phi(x) is an n-bit
/// row of ulongs, U(x) its complement within n bits, and &lt;U(x_c), Phi(x_t)&gt; = popcount(~code_c &amp; code_t).
/// The products are counted by <see cref="AndPopcount"/>, a tile of targets against each candidate of a block in
/// turn; targets are split into contiguous parts that threads take as they come, and the parts' mins or counts are
/// combined afterwards, so results do not depend on the thread count. Memory: N n bits plus the block.
/// </summary>
internal sealed class BitCodeProducts : IInnerProducts
{
    /// <summary>Targets per tile: their rows (16 KiB at n = 500) stay in L1 while each candidate of the block runs over them.</summary>
    private const int TileTargets = 256;

    /// <summary>The most bytes a table of repeated targets may take (<see cref="RepeatedTargets"/>): 4 MB on all of MNIST; the half a million other points of a million moons at n = 2000 (128 MB) are copied tile by tile, as their few scans cost little.</summary>
    private const long LargestTableBytes = 32L << 20;

    private readonly ulong[] _codes;
    private readonly int _words;
    private readonly ulong _lastWordMask;
    private readonly int _threads;
    private readonly PopcountKernel _kernel;

    /// <summary>The targets of the last minimum or count, and the one tile of all their rows once they came twice running (<see cref="RepeatedTargets"/>).</summary>
    private int[]? _lastTargets, _tableTargets;
    private PopcountTile? _table;

    /// <summary>
    /// One tile per part of the targets, kept from call to call (a part runs on one thread at a time): a tile's pinned
    /// storage is freed only by a full collection, so a tile per call took fresh pages on every call.
    /// </summary>
    private readonly PopcountTile?[] _partTiles;

    /// <param name="codes">N rows of <paramref name="words"/> ulongs: bit j of row i is 1 when unit j is on at x_i; bits past n are 0.</param>
    /// <param name="words">ceil(n / 64).</param>
    /// <param name="width">n.</param>
    /// <param name="threads">Most threads to use (>= 1).</param>
    /// <param name="kernel">The popcount kernel (one that <see cref="AndPopcount.Supports"/> the width); null picks the fastest. All give the same integers (tests compare them).</param>
    /// <exception cref="ArgumentException">The kernel does not run here for this width.</exception>
    public BitCodeProducts(ulong[] codes, int words, int width, int threads, PopcountKernel? kernel = null)
    {
        _kernel = kernel ?? AndPopcount.Fastest(words);
        PopcountTile.Require(_kernel, words);
        _codes = codes;
        _words = words;
        _lastWordMask = width % 64 == 0 ? ulong.MaxValue : (1UL << (width % 64)) - 1;
        _threads = threads;
        _partTiles = new PopcountTile?[Parts(int.MaxValue)];
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

    public void Min(int[] candidates, int[] targets, double[] min)
    {
        int[] smallest = Fold(candidates, targets, int.MaxValue, Math.Min, (products, _, best) => Math.Min(best, TensorPrimitives.Min(products)));
        for (int i = 0; i < candidates.Length; i++) min[i] = smallest[i];
    }

    public void CountBelow(int[] candidates, double[] thresholds, int[] targets, int[] counts)
    {
        int[] limits = Limits(thresholds);
        int[] found = Fold(candidates, targets, 0, (a, b) => a + b, (products, i, tally) => tally + CountLess(products, limits[i]));
        found.CopyTo(counts, 0);
    }

    public void Below(int[] candidates, double[] thresholds, int[] targets, bool[] below)
    {
        int[] limits = Limits(thresholds);
        ulong[] off = Complements(candidates);
        int count = targets.Length, parts = Parts(count);
        Run(parts, part => EachTile(off, candidates.Length, targets, Range(part, parts, count), part, null, (products, first, i) =>
        {
            Span<bool> row = below.AsSpan(i * count + first, products.Length);
            for (int j = 0; j < products.Length; j++) row[j] = products[j] < limits[i];
        }));
    }

    /// <summary>How many of <paramref name="values"/> are below <paramref name="limit"/>, eight at a time where vectors are fast.</summary>
    private static int CountLess(ReadOnlySpan<int> values, int limit)
    {
        int count = 0, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<int> bound = Vector256.Create(limit);
            for (; j + 8 <= values.Length; j += 8)
                count += BitOperations.PopCount(Vector256.LessThan(Vector256.Create(values.Slice(j, 8)), bound).ExtractMostSignificantBits());
        }
        for (; j < values.Length; j++) count += values[j] < limit ? 1 : 0;
        return count;
    }

    /// <summary>Receives the products of candidate <paramref name="candidate"/> with the targets first, first + 1, ...</summary>
    private delegate void TileVisitor(ReadOnlySpan<int> products, int first, int candidate);

    /// <summary>
    /// A value per candidate folded over its products with every target: each part of the targets folds its own
    /// values from <paramref name="seed"/>, and the parts' values are then combined in part order (min and sum give the
    /// same result for any split, hence for any thread count).
    /// </summary>
    private int[] Fold(int[] candidates, int[] targets, int seed, Func<int, int, int> combine, Func<ReadOnlySpan<int>, int, int, int> fold)
    {
        ulong[] off = Complements(candidates);
        int parts = Parts(targets.Length);
        PopcountTile? table = RepeatedTargets(targets);
        var partial = new int[parts][];
        Run(parts, part =>
        {
            var values = new int[candidates.Length];
            Array.Fill(values, seed);
            EachTile(off, candidates.Length, targets, Range(part, parts, targets.Length), part, table, (products, _, i) => values[i] = fold(products, i, values[i]));
            partial[part] = values;
        });
        var result = new int[candidates.Length];
        Array.Fill(result, seed);
        foreach (int[] values in partial)
            for (int i = 0; i < result.Length; i++) result[i] = combine(result[i], values[i]);
        return result;
    }

    /// <summary>
    /// The products of every candidate (complemented codes <paramref name="off"/>) with the targets in
    /// <paramref name="range"/>, a tile of targets at a time: the tile's rows are copied out once into the part's tile
    /// (<see cref="PopcountTile"/>), or read from <paramref name="table"/> where all the targets are loaded already, and
    /// stay in L1 while each candidate runs over them.
    /// </summary>
    private unsafe void EachTile(ulong[] off, int candidateCount, int[] targets, (int Start, int End) range, int part, PopcountTile? table, TileVisitor visit)
    {
        int words = _words;
        int* buffer = stackalloc int[TileTargets];
        int* paired = stackalloc int[TileTargets];
        PopcountTile? own = table is null ? _partTiles[part] ??= new PopcountTile(words, TileTargets, _kernel) : null;
        fixed (ulong* u = off, codes = _codes)
        fixed (int* rows = targets)
        {
            for (int first = range.Start; first < range.End; first += TileTargets)
            {
                int end = Math.Min(range.End, first + TileTargets), from = first, to = end;
                PopcountTile tile = table ?? own!;
                if (own is not null)
                {
                    own.Load(codes, rows, first, end);
                    (from, to) = (0, own.Count);
                }
                // Two candidates per pass over the tile (each word of it loaded once for both).
                int i = 0;
                for (; i + 1 < candidateCount; i += 2)
                {
                    tile.Products2(u + (long)i * words, u + (long)(i + 1) * words, from, to, buffer, paired);
                    visit(new ReadOnlySpan<int>(buffer, to - from), first, i);
                    visit(new ReadOnlySpan<int>(paired, to - from), first, i + 1);
                }
                if (i < candidateCount)
                {
                    tile.Products(u + (long)i * words, from, to, buffer);
                    visit(new ReadOnlySpan<int>(buffer, to - from), first, i);
                }
            }
        }
    }

    /// <summary>
    /// All of <paramref name="targets"/> loaded into one tile, when the last minimum or count was over the same array
    /// too (the cover's minimum scans the same other classes for every block of candidates: thousands of times on all
    /// of MNIST, each of which copied all 63,000 rows again, tile by tile); else null, and the targets are copied a tile
    /// at a time; also null for fewer targets than a tile and for a table above <see cref="LargestTableBytes"/>. The tile
    /// is only read once loaded, so the threads share it.
    /// </summary>
    private unsafe PopcountTile? RepeatedTargets(int[] targets)
    {
        if (ReferenceEquals(targets, _tableTargets)) return _table;
        if (!ReferenceEquals(targets, _lastTargets) || targets.Length < TileTargets || (long)targets.Length * _words * 8 > LargestTableBytes)
        {
            _lastTargets = targets;
            return null;
        }
        // The last table's storage is reused when it holds enough rows (the other classes of each class are about as many).
        PopcountTile table = _table is { } last && last.Capacity >= targets.Length ? last : new PopcountTile(_words, targets.Length + targets.Length / 16, _kernel);
        fixed (ulong* codes = _codes)
        fixed (int* rows = targets)
            table.Load(codes, rows, 0, targets.Length);
        (_table, _tableTargets) = (table, targets);
        return table;
    }

    /// <summary>
    /// The integer form of each threshold: an integer product p is below t exactly when p &lt; ceil(t) (clamped to
    /// the int range, which no product of n &lt; 2^31 bits leaves).
    /// </summary>
    private static int[] Limits(double[] thresholds) =>
        thresholds.Select(t => (int)Math.Clamp(Math.Ceiling(t), int.MinValue, int.MaxValue)).ToArray();

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

    /// <summary>
    /// Four parts per thread, so that threads that start late or run slower are balanced by the others (measured:
    /// one part per thread on 2 cores gained only 1.3x over one thread, four per thread 1.6x), but no part smaller
    /// than a tile (smaller work does not pay for a thread), and one part with one thread.
    /// </summary>
    private int Parts(int targets) => _threads == 1 ? 1 : Math.Max(1, Math.Min(4 * _threads, targets / TileTargets));

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the targets, cut at multiples of 8 (where a loaded tile's groups of rows start).</summary>
    private static (int Start, int End) Range(int part, int parts, int count) => (Cut(part, parts, count), Cut(part + 1, parts, count));

    private static int Cut(int part, int parts, int count) => part == parts ? count : (int)((long)count * part / parts) & ~7;

    private void Run(int parts, Action<int> body)
    {
        if (parts == 1) body(0);
        else Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = _threads }, body);
    }
}
