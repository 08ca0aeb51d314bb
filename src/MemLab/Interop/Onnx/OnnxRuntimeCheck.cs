using MemLab.LinearAlgebra;
using MemLab.Networks;
using Microsoft.ML.OnnxRuntime;

namespace MemLab.Interop.Onnx;

/// <summary>
/// The independent check of an export: loads the ONNX model in ONNX Runtime (CPU, one thread), runs it on every
/// point and compares with memlab's float64 evaluation of the same network: identical labels, and outputs equal up
/// to a tolerance relative to the size of the terms each output adds up (threshold outputs exactly).
/// </summary>
public static class OnnxRuntimeCheck
{
    /// <summary>Allowed |onnx - memlab| / scale for a float32 model: 1e-4, about 1700 float32 roundings of the summed terms.</summary>
    public const double Float32Tolerance = 1e-4;

    /// <summary>Allowed |onnx - memlab| / scale for a float64 model: 1e-12.</summary>
    public const double Float64Tolerance = 1e-12;

    /// <summary>Exports <paramref name="network"/> with <paramref name="options"/> and checks the model on <paramref name="data"/>.</summary>
    /// <exception cref="MemLabException">Invalid options, or the data's dimension differs from the network's.</exception>
    public static OnnxCheckReport Check(Network network, Dataset data, OnnxExportOptions options, IBlas blas,
        int chunkRows = ForwardPass.DefaultChunkRows)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Check(network, data, OnnxModel.Export(network, options), options, blas, chunkRows);
    }

    /// <summary>Runs the serialized <paramref name="model"/> (exported from <paramref name="network"/> with <paramref name="options"/>) in ONNX Runtime on every point of <paramref name="data"/> and compares.</summary>
    /// <exception cref="MemLabException">The data's dimension differs from the network's.</exception>
    public static OnnxCheckReport Check(Network network, Dataset data, byte[] model, OnnxExportOptions options, IBlas blas,
        int chunkRows = ForwardPass.DefaultChunkRows)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        ForwardPass.CheckDimension(network, data);

        int n = data.SampleCount, k = network.OutputCount;
        var expected = new double[(long)n * k];
        var scales = new OutputScales(network, blas, n, Math.Max(1, Math.Min(ChunkSize.Rows(chunkRows, network), n)));
        ForwardPass.EvaluateFloat64(network, data.Features, n, blas, chunkRows, expected, scales);
        var (scores, labels) = Run(model, data, network, options.Precision, chunkRows);

        double tolerance = options.Precision == Precision.Float64 ? Float64Tolerance : Float32Tolerance;
        bool exact = network.Layers[^1].Activation == Activation.Threshold;
        var outputMismatches = new List<int>();
        double maxAbs = 0, maxRelative = 0;
        for (int i = 0; i < n; i++)
        {
            bool bad = false;
            for (int j = 0; j < k; j++)
            {
                long at = (long)i * k + j;
                double difference = Math.Abs(scores[at] - expected[at]);
                if (double.IsNaN(difference)) difference = double.PositiveInfinity;
                double scale = scales.Scales[at];
                double relative = difference == 0 ? 0 : scale > 0 ? difference / scale : double.PositiveInfinity;
                maxAbs = Math.Max(maxAbs, difference);
                maxRelative = Math.Max(maxRelative, relative);
                if (exact ? difference != 0 : relative > tolerance) bad = true;
            }
            if (bad) outputMismatches.Add(i);
        }

        var labelMismatches = new List<int>();
        if (labels is not null)
        {
            int[] predicted = ForwardPass.PredictClasses(network.OutputRule, expected, k);
            for (int i = 0; i < n; i++)
                if (labels[i] != predicted[i]) labelMismatches.Add(i);
        }

        return new OnnxCheckReport
        {
            Precision = options.Precision,
            Opset = options.Opset,
            RuntimeVersion = OrtEnv.Instance().GetVersionString(),
            SampleCount = n,
            LabelMismatchIndices = labelMismatches,
            OutputMismatchIndices = outputMismatches,
            MaxAbsDifference = maxAbs,
            MaxRelativeDifference = maxRelative,
            Tolerance = exact ? 0 : tolerance,
        };
    }

    /// <summary>ONNX Runtime's <c>scores</c> (as double) and <c>label</c> (null for Value networks) on every point, in chunks.</summary>
    private static (double[] Scores, long[]? Labels) Run(byte[] model, Dataset data, Network network, Precision precision, int chunkRows)
    {
        int n = data.SampleCount, d = network.InputCount, k = network.OutputCount;
        bool hasLabel = network.OutputRule != OutputRule.Value;
        var scores = new double[(long)n * k];
        long[]? labels = hasLabel ? new long[n] : null;
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(model, sessionOptions);
        using var runOptions = new RunOptions();
        string[] outputs = hasLabel ? [OnnxModel.ScoresName, OnnxModel.LabelName] : [OnnxModel.ScoresName];
        ReadOnlySpan<float> features = data.Features;
        for (int first = 0; first < n; first += chunkRows)
        {
            int rows = Math.Min(chunkRows, n - first);
            ReadOnlySpan<float> chunk = features.Slice(first * d, rows * d);
            using OrtValue input = precision == Precision.Float64
                ? OrtValue.CreateTensorValueFromMemory(Widen(chunk), [rows, d])
                : OrtValue.CreateTensorValueFromMemory(chunk.ToArray(), [rows, d]);
            using var results = session.Run(runOptions, [OnnxModel.InputName], [input], outputs);
            Span<double> target = scores.AsSpan(first * k, rows * k);
            if (precision == Precision.Float64)
                results[0].GetTensorDataAsSpan<double>().CopyTo(target);
            else
                Widen(results[0].GetTensorDataAsSpan<float>(), target);
            if (labels is not null)
                results[1].GetTensorDataAsSpan<long>().CopyTo(labels.AsSpan(first, rows));
        }
        return (scores, labels);
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        Widen(values, wide);
        return wide;
    }

    private static void Widen(ReadOnlySpan<float> values, Span<double> target)
    {
        for (int i = 0; i < values.Length; i++) target[i] = values[i];
    }
}
