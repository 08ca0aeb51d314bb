namespace MemLab.Interop;

/// <summary>The file formats <see cref="NetworkExport"/> writes.</summary>
public enum ExportFormat
{
    /// <summary>An ONNX model (see <see cref="Onnx.OnnxModel"/>) for ONNX Runtime and other ONNX consumers.</summary>
    Onnx,
    /// <summary>A safetensors file in memlab's documented layout (<see cref="Networks.NetworkFile"/>), for NumPy, PyTorch and JAX.</summary>
    Safetensors,
}
