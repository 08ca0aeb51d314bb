using System.Numerics;
using System.Runtime.InteropServices;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// A narrow dense layer whose inputs are the 0/1 outputs of a threshold layer, given as bits: each pre-activation is
/// b + the sum of the weights of the inputs that are on, each margin scale |b| + the sum of their magnitudes, so the
/// work is proportional to the inputs that are on rather than to a dense GEMM over N x n stored zeros and ones.
/// A GEMM adds 0 w = 0 for the inputs that are off and 1 w = w exactly for the others, so skipping the zeros changes
/// nothing; the sums run in the managed GEMM's order (slices of <see cref="ManagedBlas.KC"/> inputs, each summed from
/// 0 and then added to b), so the values equal the managed backend's bit for bit.
/// </summary>
internal sealed class BitInputLayer
{
    /// <summary>The most units for which this beats a GEMM (a wider second layer goes through <see cref="ForwardPass"/>).</summary>
    public const int MaxUnits = 64;

    private readonly TransposedWeights _sums;

    /// <summary>The sums for <paramref name="layer"/>: its weights transposed to one row of <see cref="Stride"/> per input, zero-padded (<see cref="TransposedWeights"/>).</summary>
    public BitInputLayer(DenseLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        Inputs = layer.InputCount;
        Units = layer.OutputCount;
        Stride = (Units + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
        _sums = TransposedWeights.Of(layer, Stride);
    }

    /// <summary>n, the inputs (bits).</summary>
    public int Inputs { get; }

    /// <summary>The units.</summary>
    public int Units { get; }

    /// <summary>The units rounded up to whole vectors: the length of the spans <see cref="Evaluate"/> fills.</summary>
    public int Stride { get; }

    /// <summary>
    /// The pre-activations and margin scales of every unit for the input whose bit u (word u / 64, bit u % 64) says
    /// whether input u is on; <paramref name="pre"/> and <paramref name="scale"/> hold <see cref="Stride"/> values,
    /// <paramref name="slice"/> and <paramref name="sliceScale"/> are scratch of the same length.
    /// </summary>
    public void Evaluate(ReadOnlySpan<ulong> bits, Span<double> pre, Span<double> scale, Span<double> slice, Span<double> sliceScale)
    {
        _sums.Bias.CopyTo(pre);
        _sums.BiasMagnitudes.CopyTo(scale);
        int lanes = Vector<double>.Count;
        ref double weights = ref MemoryMarshal.GetArrayDataReference(_sums.Weights);
        ref double magnitudes = ref MemoryMarshal.GetArrayDataReference(_sums.Magnitudes);
        for (int start = 0; start < Inputs; start += ManagedBlas.KC)
        {
            int end = Math.Min(Inputs, start + ManagedBlas.KC);
            if (Stride <= 2 * lanes)
            {
                // The common narrow case (up to 8 units with 4 lanes): the sums stay in registers.
                Vector<double> a0 = default, a1 = default, s0 = default, s1 = default;
                for (int word = start / 64; word * 64 < end; word++)
                {
                    for (ulong on = bits[word]; on != 0; on &= on - 1)
                    {
                        nuint row = (nuint)(word * 64 + BitOperations.TrailingZeroCount(on)) * (nuint)Stride;
                        a0 += Vector.LoadUnsafe(ref weights, row);
                        s0 += Vector.LoadUnsafe(ref magnitudes, row);
                        if (Stride > lanes)
                        {
                            a1 += Vector.LoadUnsafe(ref weights, row + (nuint)lanes);
                            s1 += Vector.LoadUnsafe(ref magnitudes, row + (nuint)lanes);
                        }
                    }
                }
                a0.CopyTo(slice);
                s0.CopyTo(sliceScale);
                if (Stride > lanes)
                {
                    a1.CopyTo(slice[lanes..]);
                    s1.CopyTo(sliceScale[lanes..]);
                }
            }
            else
            {
                slice.Clear();
                sliceScale.Clear();
                for (int word = start / 64; word * 64 < end; word++)
                {
                    for (ulong on = bits[word]; on != 0; on &= on - 1)
                    {
                        int row = (word * 64 + BitOperations.TrailingZeroCount(on)) * Stride;
                        for (int j = 0; j < Stride; j += lanes)
                        {
                            (new Vector<double>(slice[j..]) + new Vector<double>(_sums.Weights.AsSpan(row + j))).CopyTo(slice[j..]);
                            (new Vector<double>(sliceScale[j..]) + new Vector<double>(_sums.Magnitudes.AsSpan(row + j))).CopyTo(sliceScale[j..]);
                        }
                    }
                }
            }
            for (int j = 0; j < Stride; j += lanes)
            {
                (new Vector<double>(pre[j..]) + new Vector<double>(slice[j..])).CopyTo(pre[j..]);
                (new Vector<double>(scale[j..]) + new Vector<double>(sliceScale[j..])).CopyTo(scale[j..]);
            }
        }
    }
}
