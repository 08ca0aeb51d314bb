using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// Held-out evaluation of any network: its float64 predictions on a dataset compared with the labels or targets
/// (<see cref="EvaluationReport"/>). Unlike <see cref="Verification"/> it measures how often the network is right, on
/// data it was not necessarily built from, and does not ask for every point to be right.
/// </summary>
public static class Evaluation
{
    /// <summary>Evaluates <paramref name="network"/> on every point of <paramref name="data"/> in float64.</summary>
    /// <param name="network">A classifier (Sign or Argmax rule) for labelled data, or a Value network for real targets.</param>
    /// <param name="data">The points, with as many features as the network has inputs.</param>
    /// <param name="blas">The GEMM backend.</param>
    /// <exception cref="MemLabException">The dimensions differ, or the network's output rule does not fit the data's targets.</exception>
    public static EvaluationReport Evaluate(Network network, Dataset data, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(blas);
        ForwardPass.CheckDimension(network, data);
        bool value = network.OutputRule == OutputRule.Value;
        if (value != (data.TargetKind == TargetKind.Real))
            throw MemLabException.InvalidData(value
                ? $"The network predicts real values (output rule Value) but the data ({data.Provenance.Spec}) has class labels; evaluate it on data with real targets."
                : $"The network predicts classes (output rule {network.OutputRule}) but the data ({data.Provenance.Spec}) has real targets; evaluate it on labelled data.");
        double[] outputs = ForwardPass.Evaluate(network, data, blas, Precision.Float64);
        int n = data.SampleCount;
        if (value)
        {
            ReadOnlySpan<double> targets = data.Targets;
            double sum = 0, largest = 0;
            for (int i = 0; i < n; i++)
            {
                double error = Math.Abs(outputs[i] - targets[i]);
                if (double.IsNaN(error)) error = double.PositiveInfinity;
                sum += error;
                largest = Math.Max(largest, error);
            }
            return new EvaluationReport
            {
                SampleCount = n, Accuracy = null, CorrectCount = null, TieCount = 0, ClassNames = [], PerClassAccuracy = [], Confusion = [],
                MeanError = n == 0 ? null : sum / n, MaxError = n == 0 ? null : largest,
            };
        }

        int[] predicted = ForwardPass.PredictClasses(network.OutputRule, outputs, network.OutputCount);
        int classes = Math.Max(data.ClassCount, network.OutputRule == OutputRule.Sign ? 2 : network.OutputCount);
        var confusion = new int[classes][];
        for (int k = 0; k < classes; k++) confusion[k] = new int[classes];
        ReadOnlySpan<int> labels = data.Labels;
        int correct = 0, ties = 0;
        var sizes = new int[classes];
        var hits = new int[classes];
        for (int i = 0; i < n; i++)
        {
            sizes[labels[i]]++;
            if (predicted[i] < 0)
            {
                ties++;
                continue;
            }
            confusion[labels[i]][predicted[i]]++;
            if (predicted[i] != labels[i]) continue;
            correct++;
            hits[labels[i]]++;
        }
        return new EvaluationReport
        {
            SampleCount = n,
            Accuracy = n == 0 ? null : (double)correct / n,
            CorrectCount = correct,
            TieCount = ties,
            ClassNames = Enumerable.Range(0, classes)
                .Select(k => k < data.ClassCount ? data.ClassNames[k] : k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            PerClassAccuracy = sizes.Select((size, k) => size == 0 ? (double?)null : (double)hits[k] / size).ToArray(),
            Confusion = confusion,
            MeanError = null,
            MaxError = null,
        };
    }
}
