namespace MemLab.Networks;

/// <summary>
/// Sees each layer's input and pre-activation, one chunk of rows at a time, during a float64
/// <see cref="ForwardPass"/>; <see cref="Verification"/> uses it to measure threshold margins on the very
/// numbers the forward pass computes.
/// </summary>
internal interface IPreActivationObserver
{
    /// <summary>Called after layer <paramref name="layer"/>'s affine map and before its activation.</summary>
    /// <param name="layer">The layer's index in <see cref="Network.Layers"/>.</param>
    /// <param name="firstSample">The index of the chunk's first row among all inputs.</param>
    /// <param name="rows">The number of rows in the chunk.</param>
    /// <param name="input">rows x InputCount, row-major: what the layer received.</param>
    /// <param name="preActivation">rows x OutputCount, row-major: W a + b before the activation.</param>
    void Observe(int layer, int firstSample, int rows, ReadOnlySpan<double> input, ReadOnlySpan<double> preActivation);
}
