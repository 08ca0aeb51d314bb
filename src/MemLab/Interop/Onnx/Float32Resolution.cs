namespace MemLab.Interop.Onnx;

/// <summary>
/// When float32 evaluation can flip a threshold decision. A unit computes t = sum_k w_k a_k + b over fan-in n; in
/// float32 the weights are rounded (relative error u = 2^-24 each) and the n + 1 terms are added with one more
/// rounding per addition, so |t_float32 - t| &lt;= (n + 2) u scale to first order, with scale = sum_k |w_k a_k| + |b|.
/// <see cref="Networks.Verification"/> reports the smallest margin |t| / scale; below (n + 2) u the float32 sign of t
/// is not guaranteed. The bound takes the largest fan-in among the watched units (threshold layers and a Sign
/// output), so it errs towards warning; errors carried in from earlier ReLU layers are not included, which is why
/// the ONNX Runtime check (<see cref="OnnxRuntimeCheck"/>) remains the final word.
/// </summary>
public static class Float32Resolution
{
    /// <summary>u = 2^-24, the unit roundoff of float32.</summary>
    public const double UnitRoundoff = 1.0 / (1 << 24);

    /// <summary>(n + 2) u for the largest fan-in n of a threshold layer (or of the output layer of a Sign network); 0 when the network makes no such decision.</summary>
    public static double Of(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int widest = -1;
        for (int l = 0; l < network.Layers.Count; l++)
        {
            bool watched = network.Layers[l].Activation == Activation.Threshold
                || (l == network.Layers.Count - 1 && network.OutputRule == OutputRule.Sign);
            if (watched) widest = Math.Max(widest, network.Layers[l].InputCount);
        }
        return widest < 0 ? 0 : (widest + 2) * UnitRoundoff;
    }
}
