namespace MemLab.Analysis;

/// <summary>
/// A fitted power law value = c size^a (<see cref="PowerLaw.Fit"/>), with a bootstrap 95% interval for the exponent.
/// </summary>
/// <param name="Exponent">a, the least-squares slope of log(value) against log(size).</param>
/// <param name="Coefficient">c = exp(intercept), the value the law gives at size 1.</param>
/// <param name="ExponentLow">The 2.5th percentile of a over the bootstrap resamples (with one data seed per size every resample is the data itself, so the interval has zero width).</param>
/// <param name="ExponentHigh">The 97.5th percentile of a over the bootstrap resamples.</param>
/// <param name="Points">How many observations the fit used.</param>
/// <param name="Sizes">How many distinct sizes they cover (at least 2).</param>
/// <param name="Resamples">How many bootstrap resamples the interval comes from.</param>
public sealed record PowerLawFit(double Exponent, double Coefficient, double ExponentLow, double ExponentHigh, int Points, int Sizes, int Resamples)
{
    /// <summary>The law's value at <paramref name="size"/>: c size^a.</summary>
    public double At(double size) => Coefficient * Math.Pow(size, Exponent);
}
