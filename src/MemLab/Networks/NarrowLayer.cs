using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MemLab.Networks;

/// <summary>
/// A dense layer with few inputs, evaluated one point at a time by a plain loop across its units instead of a GEMM.
/// With d = 2 inputs a GEMM spends its time storing and reloading every pre-activation; this loop keeps each one in a
/// register, several units per vector (eight with 512-bit vectors). Sums run in the order the managed GEMM uses (k up to 256):
/// t = x_0 w_0 + x_1 w_1 + ... + x_(d-1) w_(d-1), products rounded before each addition (no fused multiply-add),
/// then t + b; the margin scale |x_0| |w_0| + ... + |b| likewise. So the values equal the managed backend's bit for
/// bit; OpenBLAS's fused multiply-add kernels can round the last bit differently.
/// </summary>
internal sealed class NarrowLayer
{
    /// <summary>The most inputs for which the loop beats a GEMM (<see cref="Verification"/> and the Finke construction switch at it).</summary>
    public const int MaxInputs = 16;

    private readonly double[] _weights;
    private readonly double[] _magnitudes;
    private readonly double[] _bias;
    private readonly double[] _biasMagnitudes;

    /// <summary>The loop for <paramref name="layer"/>: its weights transposed to d rows of n (one row per input), and their magnitudes.</summary>
    public NarrowLayer(DenseLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Inputs = layer.InputCount;
        Units = layer.OutputCount;
        _weights = new double[(long)Inputs * Units];
        _magnitudes = new double[_weights.Length];
        ReadOnlySpan<double> weights = layer.Weights;
        for (int u = 0; u < Units; u++)
            for (int k = 0; k < Inputs; k++)
            {
                double w = weights[u * Inputs + k];
                _weights[(long)k * Units + u] = w;
                _magnitudes[(long)k * Units + u] = Math.Abs(w);
            }
        _bias = layer.Bias.ToArray();
        _biasMagnitudes = Array.ConvertAll(_bias, Math.Abs);
    }

    /// <summary>d, the number of inputs.</summary>
    public int Inputs { get; }

    /// <summary>n, the number of units.</summary>
    public int Units { get; }

    /// <summary>The pre-activations W x + b of units u to u + <see cref="Vector{T}.Count"/> - 1 (all below <see cref="Units"/>; not checked).</summary>
    public Vector<double> PreActivations(ReadOnlySpan<double> x, int u) => Sum(_weights, _bias, x, u);

    /// <summary>The margin scales |W| |x| + |b| of units u to u + <see cref="Vector{T}.Count"/> - 1 (not checked); <paramref name="magnitudes"/> is |x|.</summary>
    public Vector<double> Scales(ReadOnlySpan<double> magnitudes, int u) => Sum(_magnitudes, _biasMagnitudes, magnitudes, u);

    /// <summary>
    /// The pre-activations of units u to u + 7 in 512-bit vectors (where <see cref="Vector512.IsHardwareAccelerated"/>;
    /// units not checked), each lane summed exactly as <see cref="PreActivations(ReadOnlySpan{double}, int)"/> sums it.
    /// </summary>
    public Vector512<double> EightPreActivations(ReadOnlySpan<double> x, int u) => Sum8(_weights, _bias, x, u);

    /// <summary>The margin scales of units u to u + 7 in 512-bit vectors, as <see cref="Scales"/> sums them; <paramref name="magnitudes"/> is |x|.</summary>
    public Vector512<double> EightScales(ReadOnlySpan<double> magnitudes, int u) => Sum8(_magnitudes, _biasMagnitudes, magnitudes, u);

    /// <summary>The pre-activation of unit <paramref name="u"/> alone, summed as <see cref="PreActivations(ReadOnlySpan{double}, int)"/> sums it.</summary>
    public double PreActivation(ReadOnlySpan<double> x, int u) => Sum1(_weights, _bias, x, u);

    /// <summary>The margin scale of unit <paramref name="u"/> alone; <paramref name="magnitudes"/> is |x|.</summary>
    public double Scale(ReadOnlySpan<double> magnitudes, int u) => Sum1(_magnitudes, _biasMagnitudes, magnitudes, u);

    /// <summary>Every unit's pre-activation at <paramref name="x"/> into <paramref name="pre"/> (<see cref="Units"/> values).</summary>
    public void PreActivations(ReadOnlySpan<double> x, Span<double> pre)
    {
        int u = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; u + 8 <= Units; u += 8)
                EightPreActivations(x, u).CopyTo(pre[u..]);
        for (; u + Vector<double>.Count <= Units; u += Vector<double>.Count)
            PreActivations(x, u).CopyTo(pre[u..]);
        for (; u < Units; u++)
            pre[u] = PreActivation(x, u);
    }

    private Vector<double> Sum(double[] weights, double[] bias, ReadOnlySpan<double> x, int u)
    {
        ref double w = ref MemoryMarshal.GetArrayDataReference(weights);
        nuint n = (nuint)Units, at = (nuint)u;
        Vector<double> sum = Vector.LoadUnsafe(ref w, at) * x[0];
        for (int k = 1; k < x.Length; k++)
            sum += Vector.LoadUnsafe(ref w, (nuint)k * n + at) * x[k];
        return sum + Vector.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(bias), at);
    }

    /// <summary><see cref="Sum"/> at 512 bits (.NET's Vector&lt;T&gt; stays 256 bits wide on AVX-512 machines).</summary>
    private Vector512<double> Sum8(double[] weights, double[] bias, ReadOnlySpan<double> x, int u)
    {
        ref double w = ref MemoryMarshal.GetArrayDataReference(weights);
        nuint n = (nuint)Units, at = (nuint)u;
        Vector512<double> sum = Vector512.LoadUnsafe(ref w, at) * x[0];
        for (int k = 1; k < x.Length; k++)
            sum += Vector512.LoadUnsafe(ref w, (nuint)k * n + at) * x[k];
        return sum + Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(bias), at);
    }

    private double Sum1(double[] weights, double[] bias, ReadOnlySpan<double> x, int u)
    {
        int n = Units;
        double sum = weights[u] * x[0];
        for (int k = 1; k < x.Length; k++)
            sum += weights[k * n + u] * x[k];
        return sum + bias[u];
    }
}
