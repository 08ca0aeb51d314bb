using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Constructions;

/// <summary>
/// The smallest classification margin of a network on its training points, in the units of its outputs: for a Sign
/// network min_i y_i f(x_i) with y_i = +1 for class 1 and -1 for class 0; for an Argmax network
/// min_i (output of the true class - largest other output). Positive exactly when every point is classified
/// correctly; the 1-D constructions aim for 1, so 1 - margin measures how far float64 moved the outputs.
/// </summary>
internal static class ClassMargin
{
    /// <summary>The smallest margin over every point of <paramref name="data"/> (class labels), from a float64 forward pass.</summary>
    public static double Smallest(Network network, Dataset data, IBlas blas)
    {
        double[] outputs = ForwardPass.Evaluate(network, data, blas, Precision.Float64);
        ReadOnlySpan<int> labels = data.Labels;
        int k = network.OutputCount;
        double smallest = double.PositiveInfinity;
        for (int i = 0; i < data.SampleCount; i++)
        {
            double margin;
            if (network.OutputRule == OutputRule.Sign)
            {
                margin = labels[i] == 1 ? outputs[i] : -outputs[i];
            }
            else
            {
                double other = double.NegativeInfinity;
                for (int c = 0; c < k; c++)
                    if (c != labels[i]) other = Math.Max(other, outputs[(long)i * k + c]);
                margin = outputs[(long)i * k + labels[i]] - other;
            }
            smallest = double.IsNaN(margin) ? double.NegativeInfinity : Math.Min(smallest, margin);
        }
        return smallest;
    }
}
