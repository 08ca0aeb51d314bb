using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra.Native;

namespace MemLab.LinearAlgebra;

/// <summary>
/// Rows of a bit table copied out once and then counted against many bit rows u, popcount(u &amp; row), with one
/// <see cref="PopcountKernel"/>: the Finke cover loads a tile of targets and counts every candidate against it, a
/// popcount layer loads its units' masks and counts every input row against them. The native kernel keeps the rows
/// transposed in groups of eight (<see cref="NativePopcount"/>); the managed ones keep them in order. The copy lives in
/// a pinned array, so a tile can be kept as long as its owner and used from any thread that does not load it.
/// </summary>
internal sealed unsafe class PopcountTile
{
    private readonly ulong[] _storage;
    private readonly ulong* _bits;
    private readonly int[] _order;
    private readonly int _words;
    private readonly PopcountKernel _kernel;

    /// <summary>A tile for up to <paramref name="capacity"/> rows of <paramref name="words"/> ulongs, counted with <paramref name="kernel"/> (one that <see cref="AndPopcount.Supports"/> the width).</summary>
    /// <exception cref="ArgumentException">The kernel does not run here for this width (the native kernel without its library, say).</exception>
    public PopcountTile(int words, int capacity, PopcountKernel kernel)
    {
        Require(kernel, words);
        _words = words;
        _kernel = kernel;
        // Eight spare words to start the rows on a 64-byte boundary, as the native kernel's aligned loads want.
        _storage = GC.AllocateArray<ulong>((int)NativePopcount.TileWords(capacity, words) + 8, pinned: true);
        fixed (ulong* start = _storage) _bits = (ulong*)(((nuint)start + 63) & ~(nuint)63);
        _order = GC.AllocateArray<int>(capacity, pinned: true);
        for (int i = 0; i < capacity; i++) _order[i] = i;
    }

    /// <summary>Refuses a kernel that does not run here for rows of <paramref name="words"/> ulongs (<see cref="AndPopcount.Supports"/>).</summary>
    /// <exception cref="ArgumentException">The kernel does not run here for this width.</exception>
    public static void Require(PopcountKernel kernel, int words)
    {
        if (!AndPopcount.Supports(kernel, words))
            throw new ArgumentException($"The {kernel} popcount kernel does not run here for rows of {words} words.", nameof(kernel));
    }

    /// <summary>The rows loaded.</summary>
    public int Count { get; private set; }

    /// <summary>The most rows the tile holds.</summary>
    public int Capacity => _order.Length;

    /// <summary>Loads rows <c>rows[start]</c> .. <c>rows[end - 1]</c> of <paramref name="codes"/> (row i at word i times the width), at most the capacity.</summary>
    public void Load(ulong* codes, int* rows, int start, int end)
    {
        if (end - start > _order.Length) throw new ArgumentOutOfRangeException(nameof(end), $"{end - start} rows do not fit a tile of {_order.Length}.");
        Count = end - start;
        if (_kernel == PopcountKernel.Avx512)
        {
            NativePopcount.LoadTile(codes, rows, start, end, _words, _bits);
            return;
        }
        for (int j = 0; j < Count; j++)
            new ReadOnlySpan<ulong>(codes + (long)rows[start + j] * _words, _words).CopyTo(new Span<ulong>(_bits + (long)j * _words, _words));
    }

    /// <summary>
    /// products[j - first] = popcount(u &amp; loaded row j) over the row's words, for j in [first, end):
    /// <paramref name="first"/> a multiple of 8, <paramref name="end"/> at most <see cref="Count"/>.
    /// </summary>
    public void Products(ulong* u, int first, int end, int* products)
    {
        if (first % 8 != 0 || first > end || end > Count) throw new ArgumentOutOfRangeException(nameof(first), $"rows [{first}, {end}) of a tile of {Count}: the first must be a multiple of 8.");
        if (_kernel == PopcountKernel.Avx512)
            NativePopcount.TileProducts(u, _bits, first, end, _words, products);
        else
            fixed (int* order = _order)
                AndPopcount.Products(u, _bits, order, first, end, _words, _kernel, products);
    }

    /// <summary>
    /// <see cref="Products"/> for two rows u and v, into <paramref name="productsU"/> and <paramref name="productsV"/>:
    /// the native kernel counts both in one pass over the tile (see native/popcount.c); the managed kernels
    /// count one after the other. The same integers either way.
    /// </summary>
    public void Products2(ulong* u, ulong* v, int first, int end, int* productsU, int* productsV)
    {
        if (first % 8 != 0 || first > end || end > Count) throw new ArgumentOutOfRangeException(nameof(first), $"rows [{first}, {end}) of a tile of {Count}: the first must be a multiple of 8.");
        if (_kernel == PopcountKernel.Avx512)
        {
            NativePopcount.TileProducts2(u, v, _bits, first, end, _words, productsU, productsV);
            return;
        }
        Products(u, first, end, productsU);
        Products(v, first, end, productsV);
    }

    /// <summary>
    /// The threshold outputs of loaded rows [first, end) (a popcount layer's units) at two rows u and v: bit j - first
    /// of <paramref name="bitsU"/> (of <paramref name="bitsV"/> for v) is ORed in when the count P_j &lt;
    /// thresholds[j - first] (P_j &gt; thresholds[j - first] when <paramref name="increasing"/>).
    /// <paramref name="first"/> a multiple of 64 when calls share a word of bits; the two outputs apart;
    /// <paramref name="counts"/> is scratch for end - first counts. The native kernel counts both rows in one pass over
    /// the tile and compares the counts in registers instead of storing and reloading them; the managed kernels count into <paramref name="counts"/> and compare eight at a
    /// time. The same bits either way.
    /// </summary>
    public void Firing2(ulong* u, ulong* v, int first, int end, int* thresholds, bool increasing, int* counts, ulong* bitsU, ulong* bitsV)
    {
        if (first % 8 != 0 || first > end || end > Count) throw new ArgumentOutOfRangeException(nameof(first), $"rows [{first}, {end}) of a tile of {Count}: the first must be a multiple of 8.");
        if (_kernel == PopcountKernel.Avx512)
        {
            NativePopcount.TileFiring2(u, v, _bits, first, end, _words, thresholds, increasing, bitsU, bitsV);
            return;
        }
        Products(u, first, end, counts);
        Fires(counts, end - first, thresholds, increasing, bitsU);
        Products(v, first, end, counts);
        Fires(counts, end - first, thresholds, increasing, bitsV);
    }

    private static void Fires(int* counts, int width, int* thresholds, bool increasing, ulong* bits)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= width; j += 8)
            {
                Vector256<int> p = Vector256.Load(counts + j), t = Vector256.Load(thresholds + j);
                ulong fires = (increasing ? Vector256.GreaterThan(p, t) : Vector256.LessThan(p, t)).ExtractMostSignificantBits();
                bits[j >> 6] |= fires << (j & 63);
            }
        for (; j < width; j++)
            if (increasing ? counts[j] > thresholds[j] : counts[j] < thresholds[j]) bits[j >> 6] |= 1UL << (j & 63);
    }
}
