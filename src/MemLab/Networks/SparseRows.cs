using System.Buffers;
using System.Runtime.Intrinsics;

namespace MemLab.Networks;

/// <summary>
/// Some rows' nonzero coordinates, compressed: row r's are entries Starts[r] .. Starts[r + 1] - 1, each a value and
/// its index times <see cref="SparseFirstLayer.Slice"/> (its column's offset in a slice), and Norms[r] is
/// <see cref="Float32Bound.NormAbove"/> of the row (its zeros add nothing to the sum of squares). Made by
/// <see cref="SparseFirstLayer.Compress"/> for its <see cref="SparseFirstLayer.Accumulate"/>; disposing it returns its pooled buffers.
/// </summary>
internal sealed unsafe class SparseRows : IDisposable
{
    public int[] Starts { get; }
    public int[] Offsets { get; }
    public float[] Values { get; }
    public double[] Norms { get; }

    internal SparseRows(float* points, int from, int to, int d)
    {
        int rows = to - from;
        Starts = ArrayPool<int>.Shared.Rent(rows + 1);
        Offsets = ArrayPool<int>.Shared.Rent(rows * d);
        Values = ArrayPool<float>.Shared.Rent(rows * d);
        Norms = ArrayPool<double>.Shared.Rent(rows);
        int count = 0;
        Starts[0] = 0;
        for (int r = 0; r < rows; r++)
        {
            float* x = points + (long)(from + r) * d;
            double squares = 0;
            int k = 0;
            for (; k < d; k += 16)
            {
                ulong nonzero = k + 16 <= d
                    ? ~Vector512.Equals(Vector512.Load(x + k), Vector512<float>.Zero).ExtractMostSignificantBits() & 0xFFFF
                    : Tail(x + k, d - k);
                for (; nonzero != 0; nonzero &= nonzero - 1)
                {
                    int index = k + System.Numerics.BitOperations.TrailingZeroCount(nonzero);
                    double v = x[index];
                    squares += v * v;
                    Offsets[count] = index * SparseFirstLayer.Slice;
                    Values[count++] = x[index];
                }
            }
            Norms[r] = Float32Bound.RoundedUpNorm(squares);
            Starts[r + 1] = count;
        }
    }

    /// <summary>Bit i set when x[i] != 0, for the last <paramref name="length"/> (&lt; 16) coordinates.</summary>
    private static ulong Tail(float* x, int length)
    {
        ulong nonzero = 0;
        for (int i = 0; i < length; i++)
            if (x[i] != 0) nonzero |= 1UL << i;
        return nonzero;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(Starts);
        ArrayPool<int>.Shared.Return(Offsets);
        ArrayPool<float>.Shared.Return(Values);
        ArrayPool<double>.Shared.Return(Norms);
    }
}
