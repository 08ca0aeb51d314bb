using MemLab.Networks;

namespace MemLab.Interop.Onnx;

/// <summary>
/// The outcome of an <see cref="OnnxRuntimeCheck"/>: whether ONNX Runtime, running the exported model, gives the
/// same predictions as memlab's float64 evaluation on every point. Plain data (the CLI prints it with snake_case names).
/// </summary>
public sealed record OnnxCheckReport
{
    /// <summary>True when every label is identical and every output is within tolerance.</summary>
    public bool Agrees => LabelMismatchIndices.Count == 0 && OutputMismatchIndices.Count == 0;

    /// <summary>The number type the exported model computed in.</summary>
    public required Precision Precision { get; init; }

    /// <summary>The ONNX opset the model declared.</summary>
    public required int Opset { get; init; }

    /// <summary>The ONNX Runtime version that ran the model.</summary>
    public required string RuntimeVersion { get; init; }

    /// <summary>N, the number of points evaluated (all of them).</summary>
    public required int SampleCount { get; init; }

    /// <summary>Sign and Argmax networks: every point whose ONNX <c>label</c> differs from memlab's float64 prediction, ascending (a memlab tie counts as a difference).</summary>
    public required IReadOnlyList<int> LabelMismatchIndices { get; init; }

    /// <summary>Every point with an output farther from memlab's float64 output than the tolerance allows, ascending.</summary>
    public required IReadOnlyList<int> OutputMismatchIndices { get; init; }

    /// <summary>max |onnx - memlab| over all points and outputs.</summary>
    public required double MaxAbsDifference { get; init; }

    /// <summary>max |onnx - memlab| / scale, where the scale is the size of the terms the output unit adds up (sum_k |w_k a_k| + |b|).</summary>
    public required double MaxRelativeDifference { get; init; }

    /// <summary>The largest allowed relative difference: <see cref="OnnxRuntimeCheck.Float32Tolerance"/> or <see cref="OnnxRuntimeCheck.Float64Tolerance"/>; threshold outputs must match exactly.</summary>
    public required double Tolerance { get; init; }
}
