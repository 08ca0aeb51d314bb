using MemLab.Networks;

namespace MemLab.Interop;

/// <summary>What <see cref="NetworkExport.Export"/> wrote and how safe float32 evaluation is for the exported network.</summary>
public sealed record ExportReport
{
    /// <summary>The format written.</summary>
    public required ExportFormat Format { get; init; }

    /// <summary>The file written.</summary>
    public required string Path { get; init; }

    /// <summary>Its size in bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>ONNX: the number type of the model; safetensors files are always float64.</summary>
    public required Precision Precision { get; init; }

    /// <summary>ONNX: the opset declared; null for safetensors.</summary>
    public required int? Opset { get; init; }

    /// <summary>The data spec the margins were measured on; null when no data was given or known.</summary>
    public required string? DataSpec { get; init; }

    /// <summary>The smallest relative threshold margin on that data (float64 verification); null without data or without threshold decisions.</summary>
    public required ThresholdMargin? MinThresholdMargin { get; init; }

    /// <summary>The margin float32 evaluation guarantees (<see cref="Onnx.Float32Resolution.Of"/>); 0 without threshold decisions.</summary>
    public required double Float32Resolution { get; init; }

    /// <summary>ONNX in float32: why the threshold-margin check did not run (no data given or recorded, or the recorded data file cannot be read); null when it ran or does not apply.</summary>
    public string? MarginCheckSkipped { get; init; }

    /// <summary>True when the smallest margin is below <see cref="Float32Resolution"/>: a float32 consumer may flip a decision; export with float64 precision instead.</summary>
    public bool BelowFloat32Resolution => MinThresholdMargin is { } margin && margin.Value < Float32Resolution;
}
