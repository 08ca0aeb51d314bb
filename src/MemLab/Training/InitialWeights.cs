namespace MemLab.Training;

/// <summary>Draws a network's initial weights by an <see cref="Initialization"/> scheme; biases start at 0.</summary>
internal static class InitialWeights
{
    /// <summary>
    /// Fills every layer's weights of <paramref name="network"/> from its own child seed of <paramref name="seed"/>
    /// (so layer l's weights do not depend on the other layers' sizes) and zeroes the biases.
    /// </summary>
    public static void Fill<T>(Mlp<T> network, Initialization scheme, double scale, Seed seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int l = 0; l < network.LayerCount; l++)
        {
            int fanIn = network.Sizes[l], fanOut = network.Sizes[l + 1];
            var rng = seed.Derive(l).CreateRng();
            Span<T> weights = network.Weights(network.Parameters, l);
            double spread = scheme switch
            {
                Initialization.He => Math.Sqrt(2.0 / fanIn),
                Initialization.XavierUniform => Math.Sqrt(6.0 / (fanIn + fanOut)),
                Initialization.XavierNormal => Math.Sqrt(2.0 / (fanIn + fanOut)),
                Initialization.Lecun => Math.Sqrt(1.0 / fanIn),
                _ => throw new ArgumentOutOfRangeException(nameof(scheme), scheme, "Unknown initialization."),
            } * scale;
            for (int i = 0; i < weights.Length; i++)
            {
                double draw = scheme == Initialization.XavierUniform ? rng.Uniform(-1, 1) : rng.NextGaussian();
                weights[i] = T.CreateTruncating(spread * draw);
            }
            network.Biases(network.Parameters, l).Clear();
        }
    }
}
