using MemLab.Interop.Onnx;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Interop;

/// <summary>
/// Writes a network for other tools: ONNX (<see cref="OnnxModel"/>) or safetensors (<see cref="NetworkFile"/>, whose
/// layout is the documented interchange layout), and for ONNX measures on data whether float32 evaluation is safe.
/// </summary>
public static class NetworkExport
{
    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> in <paramref name="format"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="format">The file format.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="options">ONNX options (ignored for safetensors, which always stores float64).</param>
    /// <param name="data">ONNX only: points on which to measure the smallest threshold margin (normally the training
    /// data) and compare it with <see cref="Float32Resolution"/>; null to skip that check.</param>
    /// <param name="blas">The backend for the margin measurement.</param>
    /// <exception cref="MemLabException">Invalid options, a path that cannot be written, or data the network cannot take.</exception>
    public static ExportReport Export(Network network, ExportFormat format, string path, OnnxExportOptions options, Dataset? data, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blas);
        switch (format)
        {
            case ExportFormat.Safetensors:
                OutputPath.Require(path);
                NetworkFile.Save(network, path);
                return new ExportReport
                {
                    Format = format, Path = path, Bytes = new FileInfo(path).Length, Precision = Precision.Float64, Opset = null,
                    DataSpec = null, MinThresholdMargin = null, Float32Resolution = Float32Resolution.Of(network),
                };
            case ExportFormat.Onnx:
                options.Validate();
                ThresholdMargin? margin = data is null ? null : Verification.Verify(network, data, blas).MinThresholdMargin;
                long bytes = OnnxModel.Save(network, path, options);
                return new ExportReport
                {
                    Format = format, Path = path, Bytes = bytes, Precision = options.Precision, Opset = options.Opset,
                    DataSpec = data?.Provenance.Spec, MinThresholdMargin = margin, Float32Resolution = Float32Resolution.Of(network),
                };
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format.");
        }
    }
}
