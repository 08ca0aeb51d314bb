using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The smallest classification margin of a 1-D construction on its training points, 1 in exact arithmetic, so
/// 1 - margin measures how far float64 moved the outputs. Computed from a float64 forward pass.
/// </summary>
internal static class ClassMargin
{
    /// <summary>A Sign network: min_i y_i f(x_i) with y_i = +1 for class 1 and -1 for class 0.</summary>
    public static double OfSign(Network network, Dataset data, IBlas blas)
    {
        double[] outputs = ForwardPass.Evaluate(network, data, blas, Precision.Float64);
        ReadOnlySpan<int> labels = data.Labels;
        double smallest = double.PositiveInfinity;
        for (int i = 0; i < outputs.Length; i++)
            smallest = Math.Min(smallest, Sanitize(labels[i] == 1 ? outputs[i] : -outputs[i]));
        return smallest;
    }

    /// <summary>
    /// A network <paramref name="classIndex"/> whose one output f should equal the class index k_i: min_i 1 - 2 |f(x_i) - k_i|,
    /// the margin of the hat logits max(0, 1 - |f - k|) that a K-class layer builds from f (exact arithmetic).
    /// </summary>
    public static double OfClassIndex(Network classIndex, Dataset data, IBlas blas)
    {
        double[] f = ForwardPass.Evaluate(classIndex, data, blas, Precision.Float64);
        ReadOnlySpan<int> labels = data.Labels;
        double smallest = double.PositiveInfinity;
        for (int i = 0; i < f.Length; i++)
            smallest = Math.Min(smallest, Sanitize(1 - 2 * Math.Abs(f[i] - labels[i])));
        return smallest;
    }

    /// <summary>NaN (an overflowed output) counts as the worst margin.</summary>
    private static double Sanitize(double margin) => double.IsNaN(margin) ? double.NegativeInfinity : margin;
}
