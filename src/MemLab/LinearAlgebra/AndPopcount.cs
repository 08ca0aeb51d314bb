using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra.Native;

namespace MemLab.LinearAlgebra;

/// <summary>
/// popcount(u &amp; row) of one bit row u against many rows of a bit table: the integer inner products of the Finke
/// construction's threshold codes and of layers whose inputs are bits (Networks.PopcountLayer). Three kernels give the
/// same integers (<see cref="PopcountKernel"/>): where the native library loads and the CPU has AVX-512 VPOPCNTDQ,
/// native code counts eight rows per instruction over a tile of rows transposed once (<see cref="PopcountTile"/>,
/// <see cref="NativePopcount"/>); with AVX2 and rows of at least four words, this class counts four rows at a time in
/// 256-bit registers (each byte counted through a 16-entry nibble table, bytes summed by SAD, the four rows' partial
/// sums transposed into one register), with u held in registers for rows of one or two 256-bit chunks (n up to 704);
/// otherwise, and for the words past the last full 256 bits, scalar POPCNT.
/// </summary>
internal static unsafe class AndPopcount
{
    /// <summary>
    /// The fastest kernel for rows of <paramref name="words"/> ulongs on this machine: a vector kernel from four words
    /// (n &gt; 192) on, scalar POPCNT below, where it is as fast (the native kernel would count those rows right too).
    /// </summary>
    public static PopcountKernel Fastest(int words) =>
        words < 4 ? PopcountKernel.Scalar
        : Supports(PopcountKernel.Avx512, words) ? PopcountKernel.Avx512
        : Supports(PopcountKernel.Avx2, words) ? PopcountKernel.Avx2
        : PopcountKernel.Scalar;

    /// <summary>Whether <paramref name="kernel"/> runs here for rows of <paramref name="words"/> ulongs (AVX2 needs four).</summary>
    public static bool Supports(PopcountKernel kernel, int words) => kernel switch
    {
        PopcountKernel.Scalar => true,
        PopcountKernel.Avx2 => Avx2.IsSupported && words >= 4,
        _ => NativePopcount.IsAvailable,
    };

    /// <summary>
    /// products[j - start] = popcount(u &amp; row) over the <paramref name="words"/> words of row <c>rows[j]</c> of
    /// <paramref name="codes"/>, for j in [start, end), counted with a managed <paramref name="kernel"/> (one that
    /// <see cref="Supports"/> the width); the native kernel counts through <see cref="PopcountTile"/>.
    /// </summary>
    public static void Products(ulong* u, ulong* codes, int* rows, int start, int end, int words, PopcountKernel kernel, int* products)
    {
        if (kernel == PopcountKernel.Avx512) throw new ArgumentException("The native kernel counts through PopcountTile.", nameof(kernel));
        int j = start;
        if (kernel == PopcountKernel.Avx2)
            j = (words / 4) switch
            {
                1 => VectorProducts(new OneChunk(u), u, codes, rows, start, end, words, products),
                2 => VectorProducts(new TwoChunks(u), u, codes, rows, start, end, words, products),
                _ => VectorProducts(new Chunks(u, words / 4), u, codes, rows, start, end, words, products),
            };
        for (; j < end; j++) products[j - start] = Product(u, codes + (long)rows[j] * words, 0, words);
    }

    /// <summary>popcount(u &amp; row) over words [from, to).</summary>
    private static int Product(ulong* u, ulong* row, int from, int to)
    {
        int sum = 0;
        for (int w = from; w < to; w++) sum += BitOperations.PopCount(u[w] & row[w]);
        return sum;
    }

    /// <summary>The AVX2 kernel over whole groups of four rows; returns the first j it did not do.</summary>
    private static int VectorProducts<TSums>(TSums counter, ulong* u, ulong* codes, int* rows, int start, int end, int words, int* products)
        where TSums : struct, IQuarterSums
    {
        int full = words / 4 * 4;
        Vector256<int> lowHalves = Vector256.Create(0, 2, 4, 6, 0, 0, 0, 0);
        int j = start;
        for (; j + 4 <= end; j += 4)
        {
            ulong* a = codes + (long)rows[j] * words, b = codes + (long)rows[j + 1] * words;
            ulong* c = codes + (long)rows[j + 2] * words, d = codes + (long)rows[j + 3] * words;
            Vector256<ulong> sa = counter.Of(a), sb = counter.Of(b), sc = counter.Of(c), sd = counter.Of(d);
            // Each s holds four partial sums of one row; transpose and add so that lane r holds row r's total.
            Vector256<ulong> ab = Avx2.UnpackLow(sa, sb) + Avx2.UnpackHigh(sa, sb);
            Vector256<ulong> cd = Avx2.UnpackLow(sc, sd) + Avx2.UnpackHigh(sc, sd);
            Vector256<ulong> sums = Avx2.Permute2x128(ab, cd, 0x20) + Avx2.Permute2x128(ab, cd, 0x31);
            int* output = products + (j - start);
            Sse2.Store(output, Avx2.PermuteVar8x32(sums.AsInt32(), lowHalves).GetLower());
            if (full < words)
            {
                output[0] += Product(u, a, full, words);
                output[1] += Product(u, b, full, words);
                output[2] += Product(u, c, full, words);
                output[3] += Product(u, d, full, words);
            }
        }
        return j;
    }

    /// <summary>popcount(u &amp; row) over the row's full 256-bit chunks, as four partial sums (one per 64-bit lane).</summary>
    private interface IQuarterSums
    {
        Vector256<ulong> Of(ulong* row);
    }

    /// <summary>The count of each byte of x, through the nibble table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> ByteCounts(Vector256<byte> x)
    {
        Vector256<byte> table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector256<byte> low = Vector256.Create((byte)0x0f);
        return Avx2.Shuffle(table, x & low) + Avx2.Shuffle(table, Avx2.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & low);
    }

    private readonly struct OneChunk(ulong* u) : IQuarterSums
    {
        private readonly Vector256<byte> _u = Avx.LoadVector256(u).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<ulong> Of(ulong* row) =>
            Avx2.SumAbsoluteDifferences(ByteCounts(_u & Avx.LoadVector256(row).AsByte()), Vector256<byte>.Zero).AsUInt64();
    }

    private readonly struct TwoChunks(ulong* u) : IQuarterSums
    {
        private readonly Vector256<byte> _u0 = Avx.LoadVector256(u).AsByte(), _u1 = Avx.LoadVector256(u + 4).AsByte();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<ulong> Of(ulong* row) => Avx2.SumAbsoluteDifferences(
            ByteCounts(_u0 & Avx.LoadVector256(row).AsByte()) + ByteCounts(_u1 & Avx.LoadVector256(row + 4).AsByte()),
            Vector256<byte>.Zero).AsUInt64();
    }

    /// <summary>Any number of chunks; byte counts (at most 8 per chunk) are summed as bytes for up to 31 chunks before each SAD.</summary>
    private readonly struct Chunks(ulong* u, int count) : IQuarterSums
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<ulong> Of(ulong* row)
        {
            Vector256<ulong> sums = Vector256<ulong>.Zero;
            for (int first = 0; first < count; first += 31)
            {
                Vector256<byte> counts = Vector256<byte>.Zero;
                for (int k = first, last = Math.Min(count, first + 31); k < last; k++)
                    counts += ByteCounts((Avx.LoadVector256(u + 4 * k) & Avx.LoadVector256(row + 4 * k)).AsByte());
                sums += Avx2.SumAbsoluteDifferences(counts, Vector256<byte>.Zero).AsUInt64();
            }
            return sums;
        }
    }
}
