namespace MemLab.Randomness;

/// <summary>
/// Natural logarithm, exponential, sine and cosine computed with IEEE-754 additions and multiplications only, so
/// they return the same bits on every platform (the C runtime's <c>log</c>/<c>exp</c> behind
/// <see cref="Math.Log(double)"/> may differ in the last bit between glibc, musl and Windows). Accurate
/// to about one unit in the last place; used where random streams must replay exactly.
/// </summary>
internal static class PortableMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>ln(x) for finite x &gt; 0.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "PortableMath.Log needs a finite positive number.");
        int e = Math.ILogB(x);
        double m = Math.ScaleB(x, -e);           // m in [1, 2), exact
        if (m > 1.4142135623730951) { m *= 0.5; e++; }
        double f = m - 1.0;
        double s = f / (2.0 + f);                // |s| < 0.1716
        double s2 = s * s;
        // 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), truncated where the next term is below 1e-17.
        double series = 1.0 / 21;
        for (int k = 19; k >= 3; k -= 2) series = 1.0 / k + s2 * series;
        double logM = 2 * s + 2 * s * s2 * series;
        return e * Ln2Hi + (e * Ln2Lo + logM);
    }

    /// <summary>e^x; returns 0 for very negative x and +infinity past the overflow threshold.</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x > 709.782712893384) return double.PositiveInfinity;
        if (x < -745.1332191019412) return 0;
        double k = Math.Round(x * 1.4426950408889634);
        double r = (x - k * Ln2Hi) - k * Ln2Lo;  // |r| <= 0.35
        double sum = 1.0;
        for (int n = 16; n >= 1; n--) sum = 1.0 + r * sum / n;
        return Math.ScaleB(sum, (int)k);
    }

    // pi/2 split into three parts whose products with a small integer are exact (Cody and Waite reduction).
    private const double HalfPi1 = 1.57079632673412561417e+00;
    private const double HalfPi2 = 6.07710050650619224932e-11;
    private const double HalfPi3 = 2.02226624879595063154e-21;

    /// <summary>sin(x) for |x| up to about 1e5 (generators use angles in [0, 2 pi]).</summary>
    public static double Sin(double x) => SinCosQuadrant(x, 0);

    /// <summary>cos(x) for |x| up to about 1e5.</summary>
    public static double Cos(double x) => SinCosQuadrant(x, 1);

    /// <summary>sin(x + shift * pi/2): reduce x to r in [-pi/4, pi/4] with x = r + q pi/2, then pick the polynomial by quadrant.</summary>
    private static double SinCosQuadrant(double x, int shift)
    {
        if (!double.IsFinite(x) || Math.Abs(x) > 1e5)
            throw new ArgumentOutOfRangeException(nameof(x), x, "PortableMath.Sin/Cos take finite angles of magnitude up to 1e5.");
        double q = Math.Round(x * 0.63661977236758134308);
        double r = ((x - q * HalfPi1) - q * HalfPi2) - q * HalfPi3;
        int quadrant = (((int)q + shift) % 4 + 4) % 4;
        double value = (quadrant & 1) == 0 ? SinPolynomial(r) : CosPolynomial(r);
        return quadrant >= 2 ? -value : value;
    }

    /// <summary>Taylor series of sin on [-pi/4, pi/4], through r^17 (next term below 1e-19).</summary>
    private static double SinPolynomial(double r)
    {
        double r2 = r * r;
        double sum = 1.0;
        for (int n = 17; n >= 3; n -= 2) sum = 1.0 - r2 * sum / (n * (n - 1));
        return r * sum;
    }

    /// <summary>Taylor series of cos on [-pi/4, pi/4], through r^18.</summary>
    private static double CosPolynomial(double r)
    {
        double r2 = r * r;
        double sum = 1.0;
        for (int n = 18; n >= 2; n -= 2) sum = 1.0 - r2 * sum / (n * (n - 1));
        return sum;
    }
}
