using System.Diagnostics;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MemLab.LinearAlgebra;

/// <summary>
/// The managed BLAS: GEMM in C# with <see cref="Vector{T}"/>, blocked the GotoBLAS way (Goto and van de Geijn 2008,
/// "Anatomy of high-performance matrix multiplication"): k is cut into slices, op(B) is packed into column panels
/// and op(A) into row panels, and a register-blocked kernel accumulates a small tile of C. Always available; the
/// fallback when OpenBLAS cannot be loaded, several times slower.
/// </summary>
/// <remarks>
/// Threads split C into disjoint blocks of rows and columns, and every element of C is accumulated by one thread in
/// the same order whatever the thread count, so results are bit-identical across runs and thread counts.
/// </remarks>
public sealed class ManagedBlas : IBlas
{
    // Block sizes in elements: a KC-deep slice of k at a time; each task owns MC rows x NC columns of C.
    // An MC x KC block of A stays in L2, a KC x NR panel of B in L1.
    internal const int KC = 256;
    private const int MC = 64;
    private const int NC = 256;
    // The kernel's tile is MR rows by NR = 2 * Vector<T>.Count columns: 8 vector accumulators.
    private const int MR = 4;

    /// <summary>A managed backend that uses up to <paramref name="threadCount"/> threads per call.</summary>
    /// <param name="threadCount">Maximum threads per call. Must be >= 1.</param>
    public ManagedBlas(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        ThreadCount = threadCount;
    }

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public int ThreadCount { get; }

    /// <inheritdoc/>
    public string Describe() => $"managed (System.Numerics Vector<T>, {Vector<float>.Count * 32}-bit vectors, {ThreadCount} thread{(ThreadCount == 1 ? "" : "s")})";

    /// <inheritdoc/>
    public unsafe void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        GemmShape.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        GemmBeta.Scale(c, m, n, ldc, beta);
        fixed (float* pa = a, pb = b, pc = c)
            Gemm(new Operands<float>(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc), alpha);
    }

    /// <inheritdoc/>
    public unsafe void Dgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        GemmShape.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        GemmBeta.Scale(c, m, n, ldc, beta);
        fixed (double* pa = a, pb = b, pc = c)
            Gemm(new Operands<double>(transA, transB, m, n, k, pa, lda, pb, ldb, pc, ldc), alpha);
    }

    /// <summary>
    /// The pinned, already checked GEMM operands. Pointers rather than spans so that the parallel tasks can share them;
    /// <see cref="GemmShape.Check"/> has proven every index used below to be in bounds.
    /// </summary>
    private readonly unsafe struct Operands<T>(Transpose transA, Transpose transB, int m, int n, int k,
        T* a, int lda, T* b, int ldb, T* c, int ldc) where T : unmanaged
    {
        public int M => m;
        public int N => n;
        public int K => k;

        /// <summary>op(A)[i, p].</summary>
        public T OpA(int i, int p) => transA == Transpose.No ? a[(long)i * lda + p] : a[(long)p * lda + i];

        /// <summary>op(B)[p, j].</summary>
        public T OpB(int p, int j) => transB == Transpose.No ? b[(long)p * ldb + j] : b[(long)j * ldb + p];

        /// <summary>Row i of C, columns j to j + count.</summary>
        public Span<T> RowOfC(int i, int j, int count) => new(c + (long)i * ldc + j, count);
    }

    private void Gemm<T>(Operands<T> x, T alpha) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // C = beta C is done (GemmBeta) before this adds alpha A B.
        if (x.M == 0 || x.N == 0) return;
        // With alpha = 0, A and B are not read (BLAS semantics): NaNs there do not reach C.
        if (x.K == 0 || T.IsZero(alpha)) return;

        int nr = 2 * Vector<T>.Count;
        int rowBlocks = (x.M + MC - 1) / MC;
        int columnBlocks = (x.N + NC - 1) / NC;
        int tasks = rowBlocks * columnBlocks;
        var packedB = new T[Math.Min(KC, x.K) * RoundUp(x.N, nr)];
        for (int p0 = 0; p0 < x.K; p0 += KC)
        {
            int kc = Math.Min(KC, x.K - p0);
            PackB(x, p0, kc, nr, packedB);
            if (ThreadCount == 1 || tasks == 1)
            {
                var packedA = new T[MC * kc];
                for (int task = 0; task < tasks; task++)
                    MultiplyBlock(x, alpha, p0, kc, task / columnBlocks, task % columnBlocks, packedA, packedB);
            }
            else
            {
                var options = new ParallelOptions { MaxDegreeOfParallelism = ThreadCount };
                Parallel.For(0, tasks, options, () => new T[MC * kc], (task, _, packedA) =>
                {
                    MultiplyBlock(x, alpha, p0, kc, task / columnBlocks, task % columnBlocks, packedA, packedB);
                    return packedA;
                }, _ => { });
            }
        }
    }

    /// <summary>
    /// C[rows of block, columns of block] += alpha op(A)[rows, p0..p0+kc] op(B)[p0..p0+kc, columns], one kernel tile
    /// at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyBlock<T>(Operands<T> x, T alpha, int p0, int kc, int rowBlock, int columnBlock,
        T[] packedA, T[] packedB) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int nr = 2 * Vector<T>.Count;
        int i0 = rowBlock * MC, mc = Math.Min(MC, x.M - i0);
        int j0 = columnBlock * NC, nc = Math.Min(NC, x.N - j0);
        Debug.Assert(NC % nr == 0, "column blocks must start on a panel of packed B");
        PackA(x, i0, mc, p0, kc, packedA);
        Span<T> tile = stackalloc T[MR * nr];
        for (int jr = 0; jr < nc; jr += nr)
        {
            ReadOnlySpan<T> panelB = packedB.AsSpan((j0 + jr) / nr * kc * nr, kc * nr);
            int columns = Math.Min(nr, nc - jr);
            for (int ir = 0; ir < mc; ir += MR)
            {
                Kernel(packedA.AsSpan(ir * kc, kc * MR), panelB, kc, tile);
                for (int r = 0; r < Math.Min(MR, mc - ir); r++)
                {
                    Span<T> target = x.RowOfC(i0 + ir + r, j0 + jr, columns);
                    TensorPrimitives.MultiplyAdd(tile.Slice(r * nr, columns), alpha, target, target);
                }
            }
        }
    }

    /// <summary>
    /// tile (MR x NR, row-major) = the product of an MR x kc panel of A, packed column by column, and a kc x NR panel
    /// of B, packed row by row: one broadcast of A against two vectors of B per accumulator row and step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel<T>(ReadOnlySpan<T> panelA, ReadOnlySpan<T> panelB, int kc, Span<T> tile)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count;
        Debug.Assert(panelA.Length >= kc * MR && panelB.Length >= kc * 2 * w && tile.Length >= MR * 2 * w);
        // The asserted lengths bound every offset below, so the loads skip per-element bounds checks.
        ref T a = ref MemoryMarshal.GetReference(panelA);
        ref T b = ref MemoryMarshal.GetReference(panelB);
        Vector<T> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<T> c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector<T> b0 = Vector.LoadUnsafe(ref b, (nuint)(p * 2 * w));
            Vector<T> b1 = Vector.LoadUnsafe(ref b, (nuint)(p * 2 * w + w));
            ref T ap = ref Unsafe.Add(ref a, p * MR);
            var a0 = new Vector<T>(ap);
            c00 += a0 * b0;
            c01 += a0 * b1;
            var a1 = new Vector<T>(Unsafe.Add(ref ap, 1));
            c10 += a1 * b0;
            c11 += a1 * b1;
            var a2 = new Vector<T>(Unsafe.Add(ref ap, 2));
            c20 += a2 * b0;
            c21 += a2 * b1;
            var a3 = new Vector<T>(Unsafe.Add(ref ap, 3));
            c30 += a3 * b0;
            c31 += a3 * b1;
        }
        c00.CopyTo(tile);
        c01.CopyTo(tile[w..]);
        c10.CopyTo(tile[(2 * w)..]);
        c11.CopyTo(tile[(3 * w)..]);
        c20.CopyTo(tile[(4 * w)..]);
        c21.CopyTo(tile[(5 * w)..]);
        c30.CopyTo(tile[(6 * w)..]);
        c31.CopyTo(tile[(7 * w)..]);
    }

    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] as panels of MR rows, each stored column by column, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA<T>(Operands<T> x, int i0, int mc, int p0, int kc, T[] packed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            Span<T> panel = packed.AsSpan(ir * kc, kc * MR);
            int rows = Math.Min(MR, mc - ir);
            for (int p = 0; p < kc; p++)
                for (int r = 0; r < MR; r++)
                    panel[p * MR + r] = r < rows ? x.OpA(i0 + ir + r, p0 + p) : T.Zero;
        }
    }

    /// <summary>Packs op(B)[p0..p0+kc, all columns] as panels of nr columns, each stored row by row, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<T>(Operands<T> x, int p0, int kc, int nr, T[] packed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int jr = 0; jr < x.N; jr += nr)
        {
            Span<T> panel = packed.AsSpan(jr / nr * kc * nr, kc * nr);
            int columns = Math.Min(nr, x.N - jr);
            for (int p = 0; p < kc; p++)
                for (int j = 0; j < nr; j++)
                    panel[p * nr + j] = j < columns ? x.OpB(p0 + p, jr + j) : T.Zero;
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
