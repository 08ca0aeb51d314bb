namespace MemLab.Cli.Commands;

/// <summary>What <c>memlab verify --engine</c> evaluates the network with.</summary>
internal enum VerifyEngine
{
    /// <summary>memlab's own float64 forward pass only.</summary>
    Memlab,
    /// <summary>memlab's float64 check, then the network exported to ONNX and run in ONNX Runtime, compared point by point.</summary>
    Onnxruntime,
}
