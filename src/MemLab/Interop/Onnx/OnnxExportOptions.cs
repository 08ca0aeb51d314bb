using MemLab.Networks;

namespace MemLab.Interop.Onnx;

/// <summary>Options for <see cref="OnnxModel.Export"/>: the number type of the exported graph and its ONNX operator set.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The oldest ONNX operator set memlab writes: 17.</summary>
    public const int MinOpset = 17;

    /// <summary>The newest ONNX operator set memlab writes and has checked in ONNX Runtime: 23.</summary>
    public const int MaxOpset = 23;

    /// <summary>
    /// The number type of the input, weights and outputs. Default <see cref="Precision.Float32"/>, what ONNX Runtime
    /// and most consumers compute in; <see cref="Precision.Float64"/> keeps the weights exactly as memlab stores them.
    /// </summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>The ONNX operator set (opset) version to declare. Default 17. Must be in <see cref="MinOpset"/> .. <see cref="MaxOpset"/>.</summary>
    public int Opset { get; init; } = MinOpset;

    /// <summary>Checks every option.</summary>
    /// <exception cref="MemLabException">The opset is out of range or the precision unknown.</exception>
    public void Validate()
    {
        if (Opset is < MinOpset or > MaxOpset)
            throw MemLabException.InvalidOptions(
                $"ONNX opset {Opset} is not supported; memlab writes opsets {MinOpset} to {MaxOpset}. Pass --opset {MinOpset} (the default) for the widest compatibility.");
        if (!Enum.IsDefined(Precision))
            throw MemLabException.InvalidOptions($"Unknown precision {Precision}; use float32 or float64.");
    }
}
