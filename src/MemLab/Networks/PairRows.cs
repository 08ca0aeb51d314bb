using System.Buffers;

namespace MemLab.Networks;

/// <summary>
/// Some rows quantized for <see cref="PairFirstLayer"/>: each coordinate x_k as p_k = round(x_k / c) clamped to
/// 0..255, and row r's coordinate pairs (2j, 2j + 1) where either p is nonzero as entries Starts[r] .. Starts[r + 1] - 1,
/// each the pair index j and the two p packed in an int32 (2j's in the low 16 bits). Per row, rounded up past their
/// own rounding: InputError E1 = sum |x_k - c p_k|, Mass c P1 = c sum p_k, and Norms ||x|| (<see cref="Float32Bound.NormAbove"/>).
/// Pairs and Values are rented from the shared pool (sized for every pair, longer than the entries they hold) and go
/// back on <see cref="Dispose"/>: fresh arrays per part of a chunk, tens of megabytes on all of MNIST, raised the
/// process's peak memory until the garbage collector reclaimed them.
/// </summary>
internal sealed unsafe class PairRows : IDisposable
{
    public int[] Starts { get; }
    public int[] Pairs { get; }
    public int[] Values { get; }
    public double[] InputError { get; }
    public double[] Mass { get; }
    public double[] Norms { get; }

    internal PairRows(float* points, int from, int to, int d, double c)
    {
        int rows = to - from, pairs = (d + 1) / 2;
        Starts = new int[rows + 1];
        InputError = new double[rows];
        Mass = new double[rows];
        Norms = new double[rows];
        double inverse = 1 / c;
        // E1 sums d rounded terms, each |x - fl(c p)| rounded once, fl(c p) within 2^-53 c p of c p: so the exact E1 is
        // at most the computed one times 1 + 2 gamma_(d+2), plus 2^-52 c P1.
        double errorGrowth = 1 + 2 * Float32Bound.Gamma(d + 2, Float32Bound.Unit64);
        Pairs = ArrayPool<int>.Shared.Rent(rows * pairs);
        Values = ArrayPool<int>.Shared.Rent(rows * pairs);
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            float* x = points + (long)(from + r) * d;
            double error = 0, squares = 0;
            long mass = 0;
            for (int j = 0; j < pairs; j++)
            {
                double x0 = x[2 * j], x1 = 2 * j + 1 < d ? x[2 * j + 1] : 0;
                if (x0 == 0 && x1 == 0) continue;
                int low = Quantized(x0, inverse), high = Quantized(x1, inverse);
                error += Math.Abs(x0 - c * low) + Math.Abs(x1 - c * high);
                squares += x0 * x0 + x1 * x1;
                mass += low + high;
                if ((low | high) == 0) continue;
                Pairs[count] = j;
                Values[count++] = low | high << 16;
            }
            double cMass = c * mass * (1 + 2 * Float32Bound.Unit64);
            Mass[r] = cMass;
            InputError[r] = error * errorGrowth + Math.ScaleB(cMass, -52);
            Norms[r] = Float32Bound.RoundedUpNorm(squares);
            Starts[r + 1] = count;
        }
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(Pairs);
        ArrayPool<int>.Shared.Return(Values);
    }

    private static int Quantized(double x, double inverse) => (int)Math.Clamp(Math.Round(x * inverse), 0, 255);
}
