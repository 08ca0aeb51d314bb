namespace MemLab.Constructions;

/// <summary>
/// The two ReLU layers of <see cref="YunConstruction"/> for sorted projections split into blocks: every block's
/// interpolant with alternating slopes, written as one line per layer-2 unit and block, and the layer-1 knots that
/// let each layer-2 unit follow its own line on every block (the derivation is in <see cref="YunConstruction"/>).
/// </summary>
internal sealed class BlockLines
{
    private readonly double[] _s;
    private readonly int[] _starts;
    private readonly double[] _slope;
    private readonly double[] _intercept;

    /// <summary>Lines for sorted projections <paramref name="s"/> with values <paramref name="v"/>, blocks starting at <paramref name="starts"/> (then N).</summary>
    public BlockLines(double[] s, double[] v, int[] starts, double range)
    {
        _s = s;
        _starts = starts;
        int blocks = starts.Length - 1;
        for (int b = 0; b < blocks; b++) Width = Math.Max(Width, starts[b + 1] - starts[b]);
        double scale = 1;
        foreach (double value in v) scale = Math.Max(scale, Math.Abs(value));
        _slope = new double[blocks * Width];
        _intercept = new double[blocks * Width];
        double lowestBase = double.PositiveInfinity;
        for (int b = 0; b < blocks; b++)
        {
            int first = starts[b], m = starts[b + 1] - first;
            double[] sigma = Slopes(s, v, first, m, scale / range);
            Set(b, 0, sigma[0], v[first] - sigma[0] * s[first]);
            lowestBase = Math.Min(lowestBase, Math.Min(v[first], v[first] + sigma[0] * (s[first + m - 1] - s[first])));
            for (int j = 1; j < Width; j++)
            {
                if (j >= m)
                {
                    Set(b, j, 0, -scale);
                    continue;
                }
                double left = s[first + j - 1], right = s[first + j];
                double r = (v[first + j] - v[first + j - 1]) / (right - left);
                double theta = (sigma[j] - r) / (sigma[j] - sigma[j - 1]);
                double kink = left + theta * (right - left);
                double change = Math.Abs(sigma[j] - sigma[j - 1]);
                Set(b, j, change, -change * kink);
            }
        }
        Offset = lowestBase - scale;
        for (int b = 0; b < blocks; b++) _intercept[b * Width] -= Offset;
    }

    /// <summary>Q, the number of layer-2 units: the size of the largest block.</summary>
    public int Width { get; }

    /// <summary>C, the output bias: the network's value is C + ReLU(z_0) + sum_j (-1)^(j+1) ReLU(z_j).</summary>
    public double Offset { get; }

    /// <summary>The output weights of the layer-2 units: +1 for the base unit, (-1)^(j+1) for kink unit j.</summary>
    public double[] OutputSigns()
    {
        var signs = new double[Width];
        for (int j = 0; j < Width; j++) signs[j] = j == 0 || j % 2 == 1 ? 1 : -1;
        return signs;
    }

    /// <summary>Layer 1 (2P - 1 ReLUs of s at the knots) and layer 2 (Q ReLUs following their lines on every block).</summary>
    public DenseLayer[] HiddenLayers()
    {
        int blocks = _starts.Length - 1, units = 2 * blocks - 1, n = _s.Length;
        var knots = new double[units];
        knots[0] = _s[0] - (_s[^1] - _s[0]) / (n - 1);
        for (int b = 1; b < blocks; b++)
        {
            double before = _s[_starts[b] - 1], after = _s[_starts[b]], gap = after - before;
            knots[2 * b - 1] = before + gap / 4;
            knots[2 * b] = after - gap / 4;
        }
        var ones = new double[units];
        Array.Fill(ones, 1.0);
        var first = new DenseLayer(1, units, ones, Array.ConvertAll(knots, k => -k), Activation.Relu);

        var weights = new double[(long)Width * units];
        var bias = new double[Width];
        for (int j = 0; j < Width; j++)
        {
            Span<double> row = weights.AsSpan(j * units, units);
            row[0] = Slope(0, j);
            bias[j] = Slope(0, j) * knots[0] + Intercept(0, j);
            for (int b = 1; b < blocks; b++)
            {
                double alpha = knots[2 * b - 1], beta = knots[2 * b];
                double mu = (Slope(b, j) * beta + Intercept(b, j) - (Slope(b - 1, j) * alpha + Intercept(b - 1, j))) / (beta - alpha);
                row[2 * b - 1] = mu - Slope(b - 1, j);
                row[2 * b] = Slope(b, j) - mu;
            }
        }
        return [first, new DenseLayer(units, Width, weights, bias, Activation.Relu)];
    }

    /// <summary>
    /// The alternating slopes sigma_0 .. sigma_(m-1) of one block's interpolant: valleys (even j) e_j below the smaller
    /// neighbouring r, peaks (odd j) e_j above the larger, e_j = (max |neighbouring r| + rho) / 2.
    /// </summary>
    private static double[] Slopes(double[] s, double[] v, int first, int m, double rho)
    {
        var sigma = new double[m];
        if (m == 1) return sigma;
        double R(int j) => (v[first + j] - v[first + j - 1]) / (s[first + j] - s[first + j - 1]);
        for (int j = 0; j < m; j++)
        {
            double left = R(Math.Max(j, 1)), right = R(Math.Min(j + 1, m - 1));
            double margin = (Math.Max(Math.Abs(left), Math.Abs(right)) + rho) / 2;
            sigma[j] = j % 2 == 1 ? Math.Max(left, right) + margin : Math.Min(left, right) - margin;
        }
        return sigma;
    }

    private void Set(int block, int unit, double slope, double intercept)
    {
        _slope[block * Width + unit] = slope;
        _intercept[block * Width + unit] = intercept;
    }

    private double Slope(int block, int unit) => _slope[block * Width + unit];

    private double Intercept(int block, int unit) => _intercept[block * Width + unit];
}
