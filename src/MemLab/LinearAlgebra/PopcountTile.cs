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
}
