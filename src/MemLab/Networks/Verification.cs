using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// Exact verification of memorization (docs/algorithms.md section 0, "Verification"): evaluates the network on
/// every training point in float64 and reports which points it gets wrong, the smallest threshold margin,
/// the largest |weight| and the parameter count. A classifier memorizes when every predicted class equals
/// its label (a tie for the largest Argmax output is a failure); a regression network when
/// max_i |f(x_i) - y_i| &lt;= tolerance.
/// </summary>
public static class Verification
{
    /// <summary>
    /// The default regression tolerance: 1e-6, an absolute error on the targets' own scale. Far above float64
    /// rounding for targets of order 1, far below any error that changes a conclusion.
    /// </summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>Evaluates <paramref name="network"/> on every point of <paramref name="data"/> in float64 and reports the outcome.</summary>
    /// <param name="network">The network to check.</param>
    /// <param name="data">Its training data: class labels for a Sign or Argmax network, real targets for a Value network.</param>
    /// <param name="blas">The GEMM backend.</param>
    /// <param name="tolerance">Real targets only: the largest |f(x_i) - y_i| that counts as memorized. Default <see cref="DefaultTolerance"/>. Must be finite and >= 0.</param>
    /// <param name="chunkRows">Rows per GEMM call. Default <see cref="ForwardPass.DefaultChunkRows"/>. Must be >= 1.</param>
    /// <exception cref="MemLabException">
    /// The network does not fit the data (input dimension, target kind, or Argmax output count versus class
    /// count), or the tolerance is out of range.
    /// </exception>
    /// <remarks>
    /// Networks whose first layer is a threshold layer with at most 16 inputs and whose second layer has at most 64
    /// units, both dense (such as the Finke construction on two moons), take a fused pass that never stores the N x n first-layer
    /// values; it reports the same failures and margins (bit for bit with the managed backend). Networks whose first
    /// layer is a wide dense threshold layer feeding a popcount layer (the Finke construction on MNIST) take a float32
    /// product screened by an error bound (<see cref="ScreenedFirstPass"/>), which reports the same failures and margins
    /// bit for bit with any backend.
    /// </remarks>
    public static VerificationReport Verify(Network network, Dataset data, IBlas blas, double tolerance = DefaultTolerance,
        int chunkRows = ForwardPass.DefaultChunkRows)
    {
        ArgumentNullException.ThrowIfNull(network);
        return VerifyWith(network, data, blas, tolerance, chunkRows, ThresholdFirstPass.Applies(network));
    }

    /// <summary><see cref="Verify"/> with the pass chosen by the caller (tests compare the two passes).</summary>
    /// <param name="network">The network to check.</param>
    /// <param name="data">Its training data.</param>
    /// <param name="blas">The GEMM backend.</param>
    /// <param name="tolerance">Real targets only: the largest |f(x_i) - y_i| that counts as memorized.</param>
    /// <param name="chunkRows">Rows per chunk.</param>
    /// <param name="fused">Evaluate with <see cref="ThresholdFirstPass"/> (the first layer must be a threshold layer) rather than the general <see cref="ForwardPass"/>.</param>
    /// <param name="popcount">Evaluate layers that have a <see cref="PopcountLayer"/> form by popcount (the default); false forces GEMMs (tests compare the two).</param>
    /// <param name="screened">Take <see cref="ScreenedFirstPass"/> where it applies at any size (true), only for large products (null, as <see cref="Verify"/> does), or never (false; tests compare the passes). With <paramref name="fused"/>: screen the first layer in float32 wherever its values are in range (true), where the machine also has 512-bit vectors (null), or never (false).</param>
    internal static VerificationReport VerifyWith(Network network, Dataset data, IBlas blas, double tolerance, int chunkRows, bool fused, bool popcount = true,
        bool? screened = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkRows);
        if (!(double.IsFinite(tolerance) && tolerance >= 0))
            throw MemLabException.InvalidOptions($"The verification tolerance must be finite and >= 0; got {tolerance}. Pass an absolute error such as {DefaultTolerance}.");
        CheckFits(network, data);

        int n = data.SampleCount;
        var outputs = new double[(long)n * network.OutputCount];
        bool[] handovers = popcount ? ForwardPass.BitHandovers(network) : new bool[network.Layers.Count];
        int chunk = fused ? ChunkSize.Rows(chunkRows, network) : ForwardPass.ChunkRows(network, chunkRows, handovers);
        MarginTracker? margins = MarginTracker.For(network, blas, Math.Min(chunk, n), handovers, popcount);
        if (fused)
        {
            if (network.Layers.Count < 2 || network.Layers[0].Activation != Activation.Threshold
                || network.Layers[0] is not DenseLayer || network.Layers[1] is not DenseLayer)
                throw new ArgumentException("The fused pass needs a dense threshold first layer and a dense second layer.", nameof(fused));
            ThresholdFirstPass.Evaluate(network, data.Features, n, blas, chunkRows, outputs, margins!, popcount, screened);
        }
        else if (!(popcount && screened != false && ScreenedFirstPass.Applies(network, n, anySize: screened == true)
                   && ScreenedFirstPass.Evaluate(network, data.Features, n, blas, chunkRows, outputs, margins!) is not null))
        {
            ForwardPass.EvaluateFloat64(network, data.Features, n, blas, chunkRows, outputs, margins, popcount);
        }

        var failures = new List<int>();
        int ties = 0;
        double? maxError = null;
        if (network.OutputRule == OutputRule.Value)
        {
            maxError = RegressionFailures(outputs, data.Targets, tolerance, failures);
        }
        else
        {
            int[] predicted = ForwardPass.PredictClasses(network.OutputRule, outputs, network.OutputCount);
            ReadOnlySpan<int> labels = data.Labels;
            for (int i = 0; i < n; i++)
            {
                if (predicted[i] == -1) ties++;
                if (predicted[i] != labels[i]) failures.Add(i);
            }
        }

        return new VerificationReport
        {
            SampleCount = n,
            FailureIndices = failures,
            TieCount = ties,
            MaxError = maxError,
            Tolerance = network.OutputRule == OutputRule.Value ? tolerance : null,
            MinThresholdMargin = margins?.Smallest,
            MaxAbsWeight = MaxAbsWeight(network),
            ParameterCount = network.ParameterCount,
            NonzeroParameterCount = NonzeroParameters(network),
            Widths = network.Widths,
        };
    }

    /// <summary>Checks that the network can be verified on the data at all.</summary>
    /// <exception cref="MemLabException">Input dimension, target kind or class count disagree.</exception>
    private static void CheckFits(Network network, Dataset data)
    {
        ForwardPass.CheckDimension(network, data);
        OutputRule rule = network.OutputRule;
        if (rule == OutputRule.Value && data.TargetKind == TargetKind.Classes)
            throw MemLabException.InvalidData(
                $"The network predicts real values (output rule Value) but the data ({data.Provenance.Spec}) has {data.ClassCount} class labels; " +
                "verify it on data with real targets, or use a Sign or Argmax network.");
        if (rule != OutputRule.Value && data.TargetKind == TargetKind.Real)
            throw MemLabException.InvalidData(
                $"The network predicts classes (output rule {rule}) but the data ({data.Provenance.Spec}) has real targets; " +
                "verify it on labelled data, or use a Value network.");
        if (rule == OutputRule.Argmax && network.OutputCount != data.ClassCount)
            throw MemLabException.InvalidData(
                $"The network has {network.OutputCount} output units but the data ({data.Provenance.Spec}) has {data.ClassCount} classes; " +
                "an Argmax network needs one output per class.");
        if (rule == OutputRule.Sign && data.ClassCount > 2)
            throw MemLabException.InvalidData(
                $"A Sign network separates 2 classes but the data ({data.Provenance.Spec}) has {data.ClassCount} classes; " +
                "use an Argmax network or binary labels.");
    }

    /// <summary>Adds every i with |f(x_i) - y_i| &gt; tolerance (or not a number) to <paramref name="failures"/>; returns the largest error.</summary>
    private static double RegressionFailures(ReadOnlySpan<double> outputs, ReadOnlySpan<double> targets, double tolerance, List<int> failures)
    {
        double maxError = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double error = Math.Abs(outputs[i] - targets[i]);
            if (double.IsNaN(error)) error = double.PositiveInfinity;
            if (error > tolerance) failures.Add(i);
            maxError = Math.Max(maxError, error);
        }
        return maxError;
    }

    private static long NonzeroParameters(Network network)
    {
        long count = 0;
        foreach (Layer layer in network.Layers) count += Nonzero(layer.StoredWeights) + Nonzero(layer.Bias);
        return count;
    }

    /// <summary>How many values are not 0 (-0 is 0), eight per compare where vectors are fast (the Finke network on all of MNIST stores 8.5 million weights).</summary>
    private static long Nonzero(ReadOnlySpan<double> values)
    {
        long zeros = 0;
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 8 <= values.Length; i += 8)
                zeros += BitOperations.PopCount(Vector512.Equals(Vector512.Create(values.Slice(i, 8)), Vector512<double>.Zero).ExtractMostSignificantBits());
        for (; i < values.Length; i++)
            if (values[i] == 0) zeros++;
        return values.Length - zeros;
    }

    private static double MaxAbsWeight(Network network)
    {
        double largest = 0;
        foreach (Layer layer in network.Layers)
        {
            if (!layer.StoredWeights.IsEmpty)
                largest = Math.Max(largest, Math.Abs(TensorPrimitives.MaxMagnitude(layer.StoredWeights)));
            largest = Math.Max(largest, Math.Abs(TensorPrimitives.MaxMagnitude(layer.Bias)));
        }
        return largest;
    }
}
