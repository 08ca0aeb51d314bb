using System.Numerics;
using System.Runtime.CompilerServices;

namespace MemLab.Training;

/// <summary>
/// The element-wise and output-layer passes of a one-hidden-layer network whose activations are stored unit by unit
/// (one contiguous row of N points per hidden unit, the layout of <see cref="NetworkBatch"/>): every pass runs over a
/// long contiguous row, whatever the width. Each entry gets the same operations in the same order as the row-major
/// passes of <see cref="Mlp{T}"/> and <see cref="SingleOutput{T}"/> give it (the one-network trainer's), so the two
/// layouts agree bit for bit: sums over points run point by point in order, and the output's sum over units follows
/// <see cref="SingleOutput{T}"/>'s dot product (lane-wise partial sums, their pairwise total, then the tail).
/// </summary>
internal static class UnitMajor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Row j of <paramref name="units"/> (rows <paramref name="stride"/> apart, of which the first <paramref name="count"/>
    /// entries are read: a range of points) becomes max(row + bias_j, 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBiasRelu(Span<T> units, int stride, int count, ReadOnlySpan<T> bias)
    {
        int width = Vector<T>.Count;
        for (int j = 0; j < bias.Length; j++)
        {
            Span<T> row = units.Slice(j * stride, count);
            T b = bias[j];
            var vb = new Vector<T>(b);
            int i = 0;
            for (; i <= count - width; i += width) Vector.Max(new Vector<T>(row[i..]) + vb, Vector<T>.Zero).CopyTo(row[i..]);
            for (; i < count; i++) row[i] = T.Max(row[i] + b, T.Zero);
        }
    }

    /// <summary>
    /// z_i = sum_j units[j, i] w_j + <paramref name="bias"/> for one output unit and the <paramref name="points"/> points
    /// of each row (rows <paramref name="stride"/> apart), summed over j as <see cref="SingleOutput{T}"/>'s dot product
    /// sums a row-major row. <paramref name="lanes"/> holds <see cref="Vector{T}.Count"/> rows of
    /// <paramref name="points"/> entries (scratch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output(ReadOnlySpan<T> units, int stride, int points, ReadOnlySpan<T> w, T bias, Span<T> z, Span<T> lanes)
    {
        int v = Vector<T>.Count, whole = w.Length / v * v;
        z = z[..points];
        if (whole == 0)
        {
            z.Clear();
        }
        else
        {
            // Lane l accumulates units l, l + v, l + 2v, ... from zero, as one vector accumulator of the dot product does.
            lanes = lanes[..(v * points)];
            lanes.Clear();
            for (int j = 0; j < whole; j++) MultiplyAdd(lanes.Slice(j % v * points, points), units.Slice(j * stride, points), w[j]);
            // The pairwise total of the lanes: (l0 + l1) + (l2 + l3), and so on up, as Vector.Sum adds a vector's halves.
            for (int step = 1; step < v; step *= 2)
                for (int l = 0; l < v; l += 2 * step) Add(lanes.Slice(l * points, points), lanes.Slice((l + step) * points, points));
            lanes[..points].CopyTo(z);
        }
        for (int j = whole; j < w.Length; j++) MultiplyAdd(z, units.Slice(j * stride, points), w[j]);
        var vb = new Vector<T>(bias);
        int width = Vector<T>.Count, i = 0;
        for (; i <= points - width; i += width) (new Vector<T>(z[i..]) + vb).CopyTo(z[i..]);
        for (; i < points; i++) z[i] += bias;
    }

    /// <summary>
    /// g_j = sum_i delta_i units[j, i], summed over i in order from zero, for every row j of <paramref name="units"/>
    /// (rows <paramref name="stride"/> apart, of which the first <paramref name="points"/> entries are read).
    /// With delta all ones it gives the row sums (the bias gradient), bit for bit, since 1 x v = v exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightGradient(ReadOnlySpan<T> delta, ReadOnlySpan<T> units, int stride, int points, Span<T> g)
    {
        int j = 0;
        // Four rows at a time: four independent chains keep the adder busy; each chain is one row's sum in order.
        for (; j + 4 <= g.Length; j += 4)
        {
            ReadOnlySpan<T> r0 = units.Slice(j * stride, points), r1 = units.Slice((j + 1) * stride, points);
            ReadOnlySpan<T> r2 = units.Slice((j + 2) * stride, points), r3 = units.Slice((j + 3) * stride, points);
            T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
            for (int i = 0; i < points; i++)
            {
                T d = delta[i];
                s0 += d * r0[i];
                s1 += d * r1[i];
                s2 += d * r2[i];
                s3 += d * r3[i];
            }
            (g[j], g[j + 1], g[j + 2], g[j + 3]) = (s0, s1, s2, s3);
        }
        for (; j < g.Length; j++)
        {
            ReadOnlySpan<T> row = units.Slice(j * stride, points);
            T s = T.Zero;
            for (int i = 0; i < points; i++) s += delta[i] * row[i];
            g[j] = s;
        }
    }

    /// <summary>
    /// For one output unit, in one pass over the rows: gW_j = sum_i delta_i units[j, i] (the output weights' gradient,
    /// <paramref name="outputGradient"/> being delta) and gB_j = sum_i hidden[j, i] (the hidden biases' gradient, with
    /// <paramref name="hiddenGradient"/> the hidden layer's gradient), each summed over i in order from zero as
    /// <see cref="WeightGradient"/> sums it (rows <paramref name="stride"/> apart, <paramref name="points"/> entries each). Four rows at a time give eight independent chains, which keeps both of the
    /// adders busy where one sum alone waits on each addition.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gradients(ReadOnlySpan<T> outputGradient, ReadOnlySpan<T> units, ReadOnlySpan<T> hiddenGradient, int stride, int points, Span<T> gW, Span<T> gB)
    {
        int j = 0;
        for (; j + 4 <= gW.Length; j += 4)
        {
            ReadOnlySpan<T> u0 = units.Slice(j * stride, points), u1 = units.Slice((j + 1) * stride, points);
            ReadOnlySpan<T> u2 = units.Slice((j + 2) * stride, points), u3 = units.Slice((j + 3) * stride, points);
            ReadOnlySpan<T> h0 = hiddenGradient.Slice(j * stride, points), h1 = hiddenGradient.Slice((j + 1) * stride, points);
            ReadOnlySpan<T> h2 = hiddenGradient.Slice((j + 2) * stride, points), h3 = hiddenGradient.Slice((j + 3) * stride, points);
            ReadOnlySpan<T> delta = outputGradient[..points];
            T w0 = T.Zero, w1 = T.Zero, w2 = T.Zero, w3 = T.Zero, b0 = T.Zero, b1 = T.Zero, b2 = T.Zero, b3 = T.Zero;
            for (int i = 0; i < delta.Length; i++)
            {
                T d = delta[i];
                w0 += d * u0[i];
                w1 += d * u1[i];
                w2 += d * u2[i];
                w3 += d * u3[i];
                b0 += h0[i];
                b1 += h1[i];
                b2 += h2[i];
                b3 += h3[i];
            }
            (gW[j], gW[j + 1], gW[j + 2], gW[j + 3]) = (w0, w1, w2, w3);
            (gB[j], gB[j + 1], gB[j + 2], gB[j + 3]) = (b0, b1, b2, b3);
        }
        for (; j < gW.Length; j++)
        {
            ReadOnlySpan<T> u = units.Slice(j * stride, points), h = hiddenGradient.Slice(j * stride, points);
            T w = T.Zero, b = T.Zero;
            for (int i = 0; i < points; i++)
            {
                w += outputGradient[i] * u[i];
                b += h[i];
            }
            (gW[j], gB[j]) = (w, b);
        }
    }

    /// <summary>
    /// The hidden layer's gradient for one output unit: row j becomes w_j delta, zeroed where the unit was inactive
    /// (its activation, <paramref name="units"/>, not above 0); for the <paramref name="points"/> points of each row,
    /// rows <paramref name="stride"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backprop(ReadOnlySpan<T> outputGradient, ReadOnlySpan<T> w, ReadOnlySpan<T> units, int stride, int points, Span<T> next)
    {
        int width = Vector<T>.Count;
        for (int j = 0; j < w.Length; j++)
        {
            Span<T> row = next.Slice(j * stride, points);
            ReadOnlySpan<T> activation = units.Slice(j * stride, points);
            T wj = w[j];
            var vw = new Vector<T>(wj);
            int i = 0;
            for (; i <= points - width; i += width)
            {
                var active = Vector.GreaterThan(new Vector<T>(activation[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(active, vw * new Vector<T>(outputGradient[i..]), Vector<T>.Zero).CopyTo(row[i..]);
            }
            for (; i < points; i++) row[i] = activation[i] > T.Zero ? wj * outputGradient[i] : T.Zero;
        }
    }

    /// <summary>acc_i = acc_i + x_i s (a product, then a sum: the dot product's accumulation).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAdd(Span<T> acc, ReadOnlySpan<T> x, T s)
    {
        var vs = new Vector<T>(s);
        int width = Vector<T>.Count, i = 0;
        for (; i <= acc.Length - width; i += width) (new Vector<T>(acc[i..]) + new Vector<T>(x[i..]) * vs).CopyTo(acc[i..]);
        for (; i < acc.Length; i++) acc[i] += x[i] * s;
    }

    /// <summary>acc_i = acc_i + x_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(Span<T> acc, ReadOnlySpan<T> x)
    {
        int width = Vector<T>.Count, i = 0;
        for (; i <= acc.Length - width; i += width) (new Vector<T>(acc[i..]) + new Vector<T>(x[i..])).CopyTo(acc[i..]);
        for (; i < acc.Length; i++) acc[i] += x[i];
    }
}
