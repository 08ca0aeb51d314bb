using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MemLab.LinearAlgebra;

namespace MemLab.Training;

/// <summary>
/// The two first-layer products of <see cref="NetworkBatch"/>, written out for one block of points instead of sent to
/// the BLAS: the forward product with its bias and ReLU, H = max(W X^T + b, 0), and a chunk's weight-gradient product
/// D X. A batch's products are thin (a few to a few hundred hidden units, at most 319 points, d inputs), and a BLAS call
/// on them spent as much time packing its operands and on its own overhead as on the multiply-adds; here the points are
/// laid out once per batch in the order the kernel reads them (<see cref="Transposed"/>, <see cref="Padded"/>), and the
/// bias, the ReLU and the hidden biases' gradient come out of the same pass.
/// </summary>
/// <remarks>
/// Every entry is summed in the order of <see cref="ManagedBlas"/>: the products of its inner dimension in order, each
/// added to a sum that starts at zero (a multiplication, then an addition, never fused), in slices of
/// <see cref="ManagedBlas.KC"/> whose sums are added up in order. So the batch's products give the bits of the
/// one-network trainer's on the managed backend, whatever the batch's width, on every backend.
/// A tile is <see cref="Rows"/> rows of the left operand by up to four vectors of the right one; the left operand
/// has a multiple of <see cref="Rows"/> rows (padding rows compute values nobody reads).
/// </remarks>
internal static class ChunkProducts
{
    /// <summary>Rows of the left operand per tile (hidden units).</summary>
    public const int Rows = 4;

    private const int MaxVectors = 4;

    /// <summary>
    /// Floats per vector of the kernels: 512-bit vectors where the processor runs them (they do twice the multiply-adds
    /// of 256-bit ones per instruction, and on processors with full-width units per cycle), else <see cref="Vector{T}"/>.
    /// </summary>
    public static readonly int Lanes = Vector512.IsHardwareAccelerated ? Vector512<float>.Count : Vector<float>.Count;

    /// <summary><paramref name="count"/> rounded up to a whole number of vectors.</summary>
    public static int VectorStride(int count) => (count + Lanes - 1) / Lanes * Lanes;

    /// <summary><paramref name="units"/> rounded up to whole tiles.</summary>
    public static int PaddedRows(int units) => (units + Rows - 1) / Rows * Rows;

    /// <summary>
    /// The points <paramref name="start"/> .. + <paramref name="count"/> - 1 of <paramref name="features"/> (row-major,
    /// <paramref name="d"/> per point), transposed into <paramref name="into"/>: d rows of
    /// <see cref="VectorStride"/>(count) entries, zero beyond <paramref name="count"/>. The forward product's right operand.
    /// </summary>
    public static void Transposed(ReadOnlySpan<float> features, int d, int start, int count, Span<float> into)
    {
        int stride = VectorStride(count);
        into[..(d * stride)].Clear();
        for (int i = 0; i < count; i++)
            for (int p = 0; p < d; p++) into[p * stride + i] = features[(start + i) * d + p];
    }

    /// <summary>
    /// Every point of <paramref name="features"/> as a row of <see cref="VectorStride"/>(d + 1) entries of
    /// <paramref name="into"/> (zeroed): its d features, then 1, then zeros. The weight-gradient product's right
    /// operand: the 1 makes the product's column d the sum of each row of D, the hidden biases' gradient.
    /// </summary>
    public static void Padded(ReadOnlySpan<float> features, int points, int d, Span<float> into)
    {
        int stride = VectorStride(d + 1);
        for (int i = 0; i < points; i++)
        {
            features.Slice(i * d, d).CopyTo(into[(i * stride)..]);
            into[i * stride + d] = 1;
        }
    }

    /// <summary>
    /// hidden[j, i] = max(b_j + sum_p w[j, p] xt[p, i], 0) for the rows j of <paramref name="w"/> (<paramref name="rows"/>,
    /// a multiple of <see cref="Rows"/>, <paramref name="d"/> weights each) and the <paramref name="stride"/> points of
    /// <paramref name="xt"/> (d rows of <paramref name="stride"/>, a <see cref="VectorStride"/>); hidden has rows of
    /// <paramref name="stride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(ReadOnlySpan<float> w, int rows, int d, ReadOnlySpan<float> bias, ReadOnlySpan<float> xt, int stride, Span<float> hidden)
    {
        int vectors = stride / Lanes, tileRow = MaxVectors * Lanes;
        if (w.Length < rows * d || bias.Length < rows || xt.Length < d * stride || hidden.Length < rows * stride || rows % Rows != 0 || stride % Lanes != 0)
            throw new ArgumentException("The forward product's operands do not match their shapes.");
        bool sliced = d > ManagedBlas.KC;
        Span<float> tile = sliced ? stackalloc float[Rows * tileRow] : [];
        Span<float> sum = sliced ? stackalloc float[Rows * tileRow] : [];
        ref float a = ref MemoryMarshal.GetReference(w);
        ref float b = ref MemoryMarshal.GetReference(xt);
        ref float h = ref MemoryMarshal.GetReference(hidden);
        ref float bj = ref MemoryMarshal.GetReference(bias);
        // Points outside, units inside: a tile's columns of X^T (d x 4 vectors) stay in the first-level cache while
        // every unit's weights pass over them.
        for (int v0 = 0; v0 < vectors; v0 += MaxVectors)
            for (int j = 0; j < rows; j += Rows)
            {
                int count = Math.Min(MaxVectors, vectors - v0);
                if (!sliced)
                {
                    // One slice: the bias and the ReLU are applied to the sums in registers, then stored.
                    Tile(count, ref Unsafe.Add(ref a, j * d), d, ref Unsafe.Add(ref b, v0 * Lanes), stride, d, ref Unsafe.Add(ref h, j * stride + v0 * Lanes), stride,
                        ref Unsafe.Add(ref bj, j), relu: true);
                    continue;
                }
                ref float t = ref MemoryMarshal.GetReference(tile);
                for (int p0 = 0; p0 < d; p0 += ManagedBlas.KC)
                {
                    Tile(count, ref Unsafe.Add(ref a, j * d + p0), d, ref Unsafe.Add(ref b, p0 * stride + v0 * Lanes), stride, Math.Min(ManagedBlas.KC, d - p0),
                        ref t, tileRow, ref bj, relu: false);
                    // A sum from zero never ends at -0, so the first slice's sum is the total so far, as 0 + sum would be.
                    if (p0 > 0) Add(sum, tile);
                    else tile.CopyTo(sum);
                }
                for (int r = 0; r < Rows; r++)
                    AddBiasRelu(sum.Slice(r * tileRow, count * Lanes), bias[j + r], hidden.Slice((j + r) * stride + v0 * Lanes, count * Lanes));
            }
    }

    /// <summary>
    /// g[j, c] = sum_i delta[j, i] x[i, c] over the <paramref name="points"/> points of one chunk, for the rows j of
    /// <paramref name="delta"/> (<paramref name="rows"/>, a multiple of <see cref="Rows"/>, <paramref name="deltaStride"/>
    /// apart) and the first <paramref name="columns"/> columns c of <paramref name="x"/> (rows of <paramref name="xStride"/>,
    /// a <see cref="VectorStride"/>: <see cref="Padded"/>); g has rows of <paramref name="xStride"/>, whose entries
    /// beyond <paramref name="columns"/> hold no product (the last vector computed may write some). At most
    /// <see cref="ManagedBlas.KC"/> points. With AVX-512, over the nonzero entries of delta (<see cref="SparseGradient"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gradient(ReadOnlySpan<float> delta, int rows, int deltaStride, int points, ReadOnlySpan<float> x, int xStride, int columns, Span<float> g)
    {
        if (points > ManagedBlas.KC || delta.Length < (rows - 1) * deltaStride + points || x.Length < points * xStride || g.Length < rows * xStride
            || rows % Rows != 0 || xStride % Lanes != 0 || columns < 1 || columns > xStride)
            throw new ArgumentException("The weight-gradient product's operands do not match their shapes.");
        if (SparseGradient.IsSupported)
        {
            SparseGradient.Compute(delta, rows, deltaStride, points, x, xStride, columns, g);
            return;
        }
        ref float a = ref MemoryMarshal.GetReference(delta);
        ref float b = ref MemoryMarshal.GetReference(x);
        ref float c = ref MemoryMarshal.GetReference(g);
        int vectors = (columns + Lanes - 1) / Lanes;
        for (int j = 0; j < rows; j += Rows)
            for (int v0 = 0; v0 < vectors; v0 += MaxVectors)
                Tile(Math.Min(MaxVectors, vectors - v0), ref Unsafe.Add(ref a, j * deltaStride), deltaStride, ref Unsafe.Add(ref b, v0 * Lanes), xStride, points,
                    ref Unsafe.Add(ref c, j * xStride + v0 * Lanes), xStride, ref c, relu: false);
    }

    /// <summary>into_i = max(sum_i + bias, 0), as <see cref="Mlp{T}.AddBiasRows"/> does it.</summary>
    private static void AddBiasRelu(ReadOnlySpan<float> sum, float bias, Span<float> into)
    {
        var vb = new Vector<float>(bias);
        for (int i = 0; i < sum.Length; i += Vector<float>.Count) Vector.Max(new Vector<float>(sum[i..]) + vb, Vector<float>.Zero).CopyTo(into[i..]);
    }

    private static void Add(Span<float> sum, ReadOnlySpan<float> tile)
    {
        for (int i = 0; i < sum.Length; i += Vector<float>.Count) (new Vector<float>(sum[i..]) + new Vector<float>(tile[i..])).CopyTo(sum[i..]);
    }

    /// <summary>
    /// The tile of <paramref name="vectors"/> (1 to 4) vectors, stored to <paramref name="c"/> (rows
    /// <paramref name="cStride"/> apart), with max(. + bias_r, 0) applied first when <paramref name="relu"/>: a dispatch
    /// to the kernel compiled for that width and for the processor's vectors.
    /// </summary>
    private static void Tile(int vectors, ref float a, int aStride, ref float b, int bStride, int depth, ref float c, int cStride, ref float bias, bool relu) =>
        Tile(Lanes == Vector512<float>.Count, vectors, ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu);

    /// <summary>
    /// <see cref="Tile(int, ref float, int, ref float, int, int, ref float, int, ref float, bool)"/> in 512-bit vectors
    /// (<paramref name="wide"/>) or in <see cref="Vector{T}"/>s; open to the tests, which check both on any processor.
    /// </summary>
    internal static void Tile(bool wide, int vectors, ref float a, int aStride, ref float b, int bStride, int depth, ref float c, int cStride, ref float bias, bool relu)
    {
        if (wide)
            switch (vectors)
            {
                case 4: Tile512<Four>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
                case 3: Tile512<Three>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
                case 2: Tile512<Two>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
                default: Tile512<One>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
            }
        else
            switch (vectors)
            {
                case 4: TileVector<Four>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
                case 3: TileVector<Three>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
                case 2: TileVector<Two>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
                default: TileVector<One>(ref a, aStride, ref b, bStride, depth, ref c, cStride, ref bias, relu); break;
            }
    }

    /// <summary>
    /// c[r, v] = sum_{p &lt; depth} a[r * aStride + p] b[p * bStride + v * 16 ..], for r &lt; <see cref="Rows"/> and
    /// v &lt; TWidth: each product added in order to a sum from zero, in 512-bit vectors; with <paramref name="relu"/>,
    /// max(sum + bias_r, 0). The width is a type so that the compiler keeps only the accumulators it uses, in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512<TWidth>(ref float a, int aStride, ref float b, int bStride, int depth, ref float c, int cStride, ref float bias, bool relu)
        where TWidth : struct, IWidth
    {
        const nuint L = 16;
        int n = TWidth.Value;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        ref float a1 = ref Unsafe.Add(ref a, aStride), a2 = ref Unsafe.Add(ref a, 2 * aStride), a3 = ref Unsafe.Add(ref a, 3 * aStride);
        for (int p = 0; p < depth; p++)
        {
            ref float row = ref Unsafe.Add(ref b, p * bStride);
            var x0 = Vector512.LoadUnsafe(ref row);
            var x1 = n > 1 ? Vector512.LoadUnsafe(ref row, L) : default;
            var x2 = n > 2 ? Vector512.LoadUnsafe(ref row, 2 * L) : default;
            var x3 = n > 3 ? Vector512.LoadUnsafe(ref row, 3 * L) : default;
            var w = Vector512.Create(Unsafe.Add(ref a, p));
            c00 += w * x0;
            if (n > 1) c01 += w * x1;
            if (n > 2) c02 += w * x2;
            if (n > 3) c03 += w * x3;
            w = Vector512.Create(Unsafe.Add(ref a1, p));
            c10 += w * x0;
            if (n > 1) c11 += w * x1;
            if (n > 2) c12 += w * x2;
            if (n > 3) c13 += w * x3;
            w = Vector512.Create(Unsafe.Add(ref a2, p));
            c20 += w * x0;
            if (n > 1) c21 += w * x1;
            if (n > 2) c22 += w * x2;
            if (n > 3) c23 += w * x3;
            w = Vector512.Create(Unsafe.Add(ref a3, p));
            c30 += w * x0;
            if (n > 1) c31 += w * x1;
            if (n > 2) c32 += w * x2;
            if (n > 3) c33 += w * x3;
        }
        if (relu)
        {
            // max(sum + b, 0), as Mlp.AddBiasRows gives it (a sum from zero is never -0, so neither is sum + b).
            var b0 = Vector512.Create(Unsafe.Add(ref bias, 0));
            (c00, c01, c02, c03) = (Vector512.Max(c00 + b0, Vector512<float>.Zero), Vector512.Max(c01 + b0, Vector512<float>.Zero), Vector512.Max(c02 + b0, Vector512<float>.Zero), Vector512.Max(c03 + b0, Vector512<float>.Zero));
            var b1 = Vector512.Create(Unsafe.Add(ref bias, 1));
            (c10, c11, c12, c13) = (Vector512.Max(c10 + b1, Vector512<float>.Zero), Vector512.Max(c11 + b1, Vector512<float>.Zero), Vector512.Max(c12 + b1, Vector512<float>.Zero), Vector512.Max(c13 + b1, Vector512<float>.Zero));
            var b2 = Vector512.Create(Unsafe.Add(ref bias, 2));
            (c20, c21, c22, c23) = (Vector512.Max(c20 + b2, Vector512<float>.Zero), Vector512.Max(c21 + b2, Vector512<float>.Zero), Vector512.Max(c22 + b2, Vector512<float>.Zero), Vector512.Max(c23 + b2, Vector512<float>.Zero));
            var b3 = Vector512.Create(Unsafe.Add(ref bias, 3));
            (c30, c31, c32, c33) = (Vector512.Max(c30 + b3, Vector512<float>.Zero), Vector512.Max(c31 + b3, Vector512<float>.Zero), Vector512.Max(c32 + b3, Vector512<float>.Zero), Vector512.Max(c33 + b3, Vector512<float>.Zero));
        }
        ref float c0r = ref Unsafe.Add(ref c, 0);
        Store(c00, ref c0r, 0);
        if (n > 1) Store(c01, ref c0r, L);
        if (n > 2) Store(c02, ref c0r, 2 * L);
        if (n > 3) Store(c03, ref c0r, 3 * L);
        ref float c1r = ref Unsafe.Add(ref c, cStride);
        Store(c10, ref c1r, 0);
        if (n > 1) Store(c11, ref c1r, L);
        if (n > 2) Store(c12, ref c1r, 2 * L);
        if (n > 3) Store(c13, ref c1r, 3 * L);
        ref float c2r = ref Unsafe.Add(ref c, 2 * cStride);
        Store(c20, ref c2r, 0);
        if (n > 1) Store(c21, ref c2r, L);
        if (n > 2) Store(c22, ref c2r, 2 * L);
        if (n > 3) Store(c23, ref c2r, 3 * L);
        ref float c3r = ref Unsafe.Add(ref c, 3 * cStride);
        Store(c30, ref c3r, 0);
        if (n > 1) Store(c31, ref c3r, L);
        if (n > 2) Store(c32, ref c3r, 2 * L);
        if (n > 3) Store(c33, ref c3r, 3 * L);
    }

    /// <summary>The kernel of <see cref="Tile512{TWidth}"/> in <see cref="Vector{T}"/>s, where 512-bit vectors are not run in hardware.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileVector<TWidth>(ref float a, int aStride, ref float b, int bStride, int depth, ref float c, int cStride, ref float bias, bool relu)
        where TWidth : struct, IWidth
    {
        nuint L = (nuint)Vector<float>.Count;
        int n = TWidth.Value;
        Vector<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector<float> c30 = default, c31 = default, c32 = default, c33 = default;
        ref float a1 = ref Unsafe.Add(ref a, aStride), a2 = ref Unsafe.Add(ref a, 2 * aStride), a3 = ref Unsafe.Add(ref a, 3 * aStride);
        for (int p = 0; p < depth; p++)
        {
            ref float row = ref Unsafe.Add(ref b, p * bStride);
            var x0 = Vector.LoadUnsafe(ref row);
            var x1 = n > 1 ? Vector.LoadUnsafe(ref row, L) : default;
            var x2 = n > 2 ? Vector.LoadUnsafe(ref row, 2 * L) : default;
            var x3 = n > 3 ? Vector.LoadUnsafe(ref row, 3 * L) : default;
            var w = new Vector<float>(Unsafe.Add(ref a, p));
            c00 += w * x0;
            if (n > 1) c01 += w * x1;
            if (n > 2) c02 += w * x2;
            if (n > 3) c03 += w * x3;
            w = new Vector<float>(Unsafe.Add(ref a1, p));
            c10 += w * x0;
            if (n > 1) c11 += w * x1;
            if (n > 2) c12 += w * x2;
            if (n > 3) c13 += w * x3;
            w = new Vector<float>(Unsafe.Add(ref a2, p));
            c20 += w * x0;
            if (n > 1) c21 += w * x1;
            if (n > 2) c22 += w * x2;
            if (n > 3) c23 += w * x3;
            w = new Vector<float>(Unsafe.Add(ref a3, p));
            c30 += w * x0;
            if (n > 1) c31 += w * x1;
            if (n > 2) c32 += w * x2;
            if (n > 3) c33 += w * x3;
        }
        if (relu)
        {
            // max(sum + b, 0), as Mlp.AddBiasRows gives it (a sum from zero is never -0, so neither is sum + b).
            var b0 = new Vector<float>(Unsafe.Add(ref bias, 0));
            (c00, c01, c02, c03) = (Vector.Max(c00 + b0, Vector<float>.Zero), Vector.Max(c01 + b0, Vector<float>.Zero), Vector.Max(c02 + b0, Vector<float>.Zero), Vector.Max(c03 + b0, Vector<float>.Zero));
            var b1 = new Vector<float>(Unsafe.Add(ref bias, 1));
            (c10, c11, c12, c13) = (Vector.Max(c10 + b1, Vector<float>.Zero), Vector.Max(c11 + b1, Vector<float>.Zero), Vector.Max(c12 + b1, Vector<float>.Zero), Vector.Max(c13 + b1, Vector<float>.Zero));
            var b2 = new Vector<float>(Unsafe.Add(ref bias, 2));
            (c20, c21, c22, c23) = (Vector.Max(c20 + b2, Vector<float>.Zero), Vector.Max(c21 + b2, Vector<float>.Zero), Vector.Max(c22 + b2, Vector<float>.Zero), Vector.Max(c23 + b2, Vector<float>.Zero));
            var b3 = new Vector<float>(Unsafe.Add(ref bias, 3));
            (c30, c31, c32, c33) = (Vector.Max(c30 + b3, Vector<float>.Zero), Vector.Max(c31 + b3, Vector<float>.Zero), Vector.Max(c32 + b3, Vector<float>.Zero), Vector.Max(c33 + b3, Vector<float>.Zero));
        }
        ref float c0r = ref Unsafe.Add(ref c, 0);
        Store(c00, ref c0r, 0);
        if (n > 1) Store(c01, ref c0r, L);
        if (n > 2) Store(c02, ref c0r, 2 * L);
        if (n > 3) Store(c03, ref c0r, 3 * L);
        ref float c1r = ref Unsafe.Add(ref c, cStride);
        Store(c10, ref c1r, 0);
        if (n > 1) Store(c11, ref c1r, L);
        if (n > 2) Store(c12, ref c1r, 2 * L);
        if (n > 3) Store(c13, ref c1r, 3 * L);
        ref float c2r = ref Unsafe.Add(ref c, 2 * cStride);
        Store(c20, ref c2r, 0);
        if (n > 1) Store(c21, ref c2r, L);
        if (n > 2) Store(c22, ref c2r, 2 * L);
        if (n > 3) Store(c23, ref c2r, 3 * L);
        ref float c3r = ref Unsafe.Add(ref c, 3 * cStride);
        Store(c30, ref c3r, 0);
        if (n > 1) Store(c31, ref c3r, L);
        if (n > 2) Store(c32, ref c3r, 2 * L);
        if (n > 3) Store(c33, ref c3r, 3 * L);
    }

    private static void Store(Vector512<float> v, ref float at, nuint offset) => v.StoreUnsafe(ref at, offset);

    private static void Store(Vector<float> v, ref float at, nuint offset) => v.StoreUnsafe(ref at, offset);

    /// <summary>A tile's width in vectors, as a type.</summary>
    internal interface IWidth
    {
        static abstract int Value { get; }
    }

    internal struct Zero : IWidth
    {
        public static int Value => 0;
    }

    internal struct One : IWidth
    {
        public static int Value => 1;
    }

    internal struct Two : IWidth
    {
        public static int Value => 2;
    }

    internal struct Three : IWidth
    {
        public static int Value => 3;
    }

    internal struct Four : IWidth
    {
        public static int Value => 4;
    }
}
