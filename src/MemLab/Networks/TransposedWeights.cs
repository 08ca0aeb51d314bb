namespace MemLab.Networks;

/// <summary>
/// A dense layer's weights transposed to one row of <c>stride</c> values per input (zero-padded past its units), their
/// magnitudes, and its bias and bias magnitudes padded likewise: the layout of the per-point loops of
/// <see cref="NarrowLayer"/> and <see cref="BitInputLayer"/>, which read a few units of one input row at a time.
/// </summary>
internal sealed record TransposedWeights(double[] Weights, double[] Magnitudes, double[] Bias, double[] BiasMagnitudes)
{
    /// <summary>The layout for <paramref name="layer"/> with rows of <paramref name="stride"/> (at least its units).</summary>
    public static TransposedWeights Of(DenseLayer layer, int stride)
    {
        ArgumentNullException.ThrowIfNull(layer);
        int inputs = layer.InputCount;
        var transposed = new double[(long)inputs * stride];
        var magnitudes = new double[transposed.Length];
        ReadOnlySpan<double> weights = layer.Weights;
        for (int u = 0; u < layer.OutputCount; u++)
            for (int k = 0; k < inputs; k++)
            {
                double w = weights[u * inputs + k];
                transposed[(long)k * stride + u] = w;
                magnitudes[(long)k * stride + u] = Math.Abs(w);
            }
        var bias = new double[stride];
        layer.Bias.CopyTo(bias);
        return new TransposedWeights(transposed, magnitudes, bias, Array.ConvertAll(bias, Math.Abs));
    }
}
