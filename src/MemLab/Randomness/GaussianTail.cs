namespace MemLab.Randomness;

/// <summary>
/// The standard normal upper tail Q(x) = P(g &gt; x), its inverse, and the correlation map of one sparse threshold
/// stage (docs/algorithms.md section 2, item 5). Built on <see cref="PortableMath.Exp"/>, so a bias b = Q^-1(p) has the same
/// bits on every platform and a network replays exactly from its seed.
/// </summary>
internal static class GaussianTail
{
    private const double InverseSqrtTwoPi = 0.39894228040143267794;

    /// <summary>The standard normal density phi(x).</summary>
    public static double Density(double x) => InverseSqrtTwoPi * PortableMath.Exp(-0.5 * x * x);

    /// <summary>
    /// Q(x) = P(g &gt; x) for g ~ N(0, 1): Marsaglia's series Phi(x) = 1/2 + phi(x)(x + x^3/3 + x^5/15 + ...) for
    /// |x| &lt;= 5 (absolute error about 1e-16), the Laplace continued fraction beyond (relative error about 1e-15).
    /// </summary>
    public static double Upper(double x)
    {
        if (double.IsNaN(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "Q(x) needs a number.");
        if (x < 0) return 1 - Upper(-x);
        if (x > 38) return 0;
        if (x <= 5)
        {
            double term = x, sum = x, x2 = x * x;
            for (int k = 3; term > 1e-17 * sum; k += 2)
            {
                term *= x2 / k;
                sum += term;
            }
            return 0.5 - Density(x) * sum;
        }
        double fraction = x;
        for (int k = 60; k >= 1; k--) fraction = x + k / fraction;
        return Density(x) / fraction;
    }

    /// <summary>
    /// The upper quantile Q^-1(p): the b with P(g &gt; b) = p, for 0 &lt; p &lt;= 1/2 (so b &gt;= 0). Newton's method from
    /// 0; Q is convex and decreasing on [0, inf), so the iterates rise monotonically to the root.
    /// </summary>
    public static double UpperQuantile(double p)
    {
        if (!(p > 0 && p <= 0.5)) throw new ArgumentOutOfRangeException(nameof(p), p, "Q^-1(p) is computed for 0 < p <= 1/2.");
        double x = 0;
        for (int iteration = 0; iteration < 200; iteration++)
        {
            double step = (Upper(x) - p) / Density(x);
            x += step;
            if (step <= 1e-15 * Math.Max(1, x)) break;
        }
        return x;
    }

    /// <summary>
    /// P(X &gt; b, Y &gt; b) for b &gt;= 0 and standard normal X, Y with correlation <paramref name="rho"/> in [-1, 1]: the integral of
    /// phi(x) Q((b - rho x) / sqrt(1 - rho^2)) over x &gt; b by Simpson's rule on [b, b + 12] (4,000 intervals).
    /// </summary>
    public static double BivariateUpper(double b, double rho)
    {
        if (rho >= 1) return Upper(b);
        if (rho <= -1) return 0;
        const int intervals = 4000;
        const double span = 12;
        double h = span / intervals, s = Math.Sqrt((1 - rho) * (1 + rho)), sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double x = b + i * h;
            double f = Density(x) * Upper((b - rho * x) / s);
            sum += f * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /// <summary>
    /// The correlation map of one sparse threshold stage with sparsity <paramref name="p"/>:
    /// rho -&gt; (Phi2(b, b; rho) - p^2) / (p (1 - p)) with b = Q^-1(p), the expected cosine of the centred codes
    /// H(g.x - b) - p of two unit inputs whose cosine is rho (the Gaussian rows g see them with correlation rho).
    /// </summary>
    public static double ThresholdCorrelation(double rho, double p)
    {
        double b = UpperQuantile(p);
        return (BivariateUpper(b, Math.Clamp(rho, -1, 1)) - p * p) / (p * (1 - p));
    }
}
