using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Training;

namespace MemLab.Probes;

/// <summary>
/// The permutation test of Chaibub Neto (2018), "Detecting learning vs memorization in deep neural networks using shared
/// structure validation sets" (docs/algorithms.md section 7). The features are one hidden layer's outputs on the training
/// set, standardized with the training mean and standard deviation; a shallow classifier (memlab's own trainer with no
/// hidden layer: logistic regression for two classes, softmax regression for more) is fitted once with the true labels
/// and B times with permuted labels. Each fit is scored (accuracy) on a held-out set, whose labels never change, and on
/// the shared-structure set (<see cref="SharedStructureSet"/>), whose points carry their source's label of that fit.
/// Per set: p = (1 + #null &gt;= true) / (B + 1) and a <see cref="ProbeVerdict"/>. The same inputs and seed give the same
/// report for any parallelism: fit b uses child seeds b of the seed, and results are stored by index.
/// </summary>
public static class PermutationTest
{
    /// <summary>Runs the test for <paramref name="network"/> trained on <paramref name="train"/>, with <paramref name="heldOut"/> as the ordinary held-out set.</summary>
    /// <exception cref="MemLabException">Invalid options (B &lt; 20 among them), several fits at once on a multi-threaded backend, a layer the network lacks, data of another dimension or with real targets.</exception>
    public static PermutationReport Run(Network network, Dataset train, Dataset heldOut, PermutationOptions options, Seed seed, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Run([network], train, heldOut, options, seed, blas)[0];
    }

    /// <summary>
    /// <see cref="Run(Network, Dataset, Dataset, PermutationOptions, Seed, IBlas)"/> for several networks trained on the
    /// same data (checkpoints), each with the same seed; the shared-structure set, which depends on the data and the
    /// seed alone, is built once.
    /// </summary>
    /// <exception cref="MemLabException">As for the one-network form.</exception>
    public static IReadOnlyList<PermutationReport> Run(IReadOnlyList<Network> networks, Dataset train, Dataset heldOut, PermutationOptions options, Seed seed, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ParallelLoop.RequireOneThreaded(options.MaxDegreeOfParallelism, blas, "fits");
        foreach (var data in new[] { train, heldOut })
            if (data.TargetKind != TargetKind.Classes)
                throw MemLabException.InvalidData($"The permutation test fits class labels, but {data.Provenance.Spec} has real targets; give labelled data.");
        foreach (Network network in networks) HiddenRepresentation.RequireLayer(network, options.Layer, "the network");
        var (shared, noiseScale) = SharedStructureSet.Build(train, options.Noise, seed.Derive("shared-structure"), blas);
        return networks.Select(network => Run(network, train, heldOut, shared, noiseScale, options, seed, blas)).ToList();
    }

    /// <summary>The test for one network, with the shared-structure set already built.</summary>
    private static PermutationReport Run(Network network, Dataset train, Dataset heldOut, Dataset shared, double noiseScale,
        PermutationOptions options, Seed seed, IBlas blas)
    {
        int width = network.Layers[options.Layer - 1].OutputCount;
        double[] trainRepresentation = HiddenRepresentation.Of(network, options.Layer, train, blas);
        var standardize = Standardizer(trainRepresentation, width);
        float[] trainFeatures = standardize(trainRepresentation);
        float[] heldOutFeatures = standardize(HiddenRepresentation.Of(network, options.Layer, heldOut, blas));
        float[] sharedFeatures = standardize(HiddenRepresentation.Of(network, options.Layer, shared, blas));

        int fits = options.Permutations + 1;
        var labelSets = new int[fits][];
        labelSets[0] = train.Labels.ToArray();
        for (int b = 1; b < fits; b++)
        {
            labelSets[b] = (int[])labelSets[0].Clone();
            seed.Derive("permutation").Derive(b).CreateRng().Shuffle<int>(labelSets[b]);
        }
        var fitOptions = new TrainOptions
        {
            Hidden = [],
            Optimizer = Optimizer.Adam,
            LearningRate = options.LearningRate,
            Loss = train.ClassCount > 2 ? Loss.CrossEntropy : Loss.Logistic,
            Steps = options.Steps,
            WeightDecay = options.WeightDecay,
            StopWhenMemorized = false,
        };
        var heldOutScores = new double[fits];
        var sharedScores = new double[fits];
        double trainScore = 0;
        ParallelLoop.For(fits, options.MaxDegreeOfParallelism, b =>
        {
            var fitData = Dataset.Classification(trainFeatures, width, labelSets[b], train.ClassNames,
                DatasetProvenance.InMemory($"layer {options.Layer} features of {train.Provenance.Spec}, labels {(b == 0 ? "true" : $"permutation {b}")}"));
            var classifier = new Trainer(blas).Train(fitData, fitOptions, seed.Derive("fit").Derive(b)).Network
                ?? throw MemLabException.InvalidOptions($"The shallow classifier's loss diverged (fit {b}); lower the fit's learning rate (now {options.LearningRate}).");
            heldOutScores[b] = Accuracy(classifier, heldOutFeatures, heldOut.Labels, blas);
            sharedScores[b] = Accuracy(classifier, sharedFeatures, labelSets[b], blas);
            if (b == 0) trainScore = Accuracy(classifier, trainFeatures, labelSets[0], blas);
        });
        return new PermutationReport(options.Layer, width, options.Permutations, trainScore, noiseScale,
            Summarize("held_out", heldOutScores, heldOut.Labels, options.Alpha),
            Summarize("shared_structure", sharedScores, train.Labels, options.Alpha));
    }

    /// <summary>The p-value (1 + #null &gt;= true) / (B + 1) of <paramref name="trueScore"/> against <paramref name="nullScores"/>.</summary>
    public static double PValue(double trueScore, IReadOnlyList<double> nullScores)
    {
        ArgumentNullException.ThrowIfNull(nullScores);
        return (1.0 + nullScores.Count(s => s >= trueScore)) / (nullScores.Count + 1);
    }

    /// <summary>The verdict for a p-value, the null's 5th percentile and the chance level at <paramref name="alpha"/> (see <see cref="ProbeVerdict"/>).</summary>
    public static ProbeVerdict Verdict(double pValue, double nullPercentile5, double chance, double alpha) =>
        pValue >= alpha ? ProbeVerdict.Memorization : nullPercentile5 > chance ? ProbeVerdict.Both : ProbeVerdict.Learning;

    private static ProbeSetResult Summarize(string set, double[] scores, ReadOnlySpan<int> labels, double alpha)
    {
        var nullScores = scores[1..];
        var sorted = nullScores.Order().ToArray();
        double chance = Chance(labels);
        double p = PValue(scores[0], nullScores);
        double nullPercentile5 = Percentile(sorted, 0.05);
        return new ProbeSetResult(set, labels.Length, chance, scores[0], nullScores, nullScores.Average(), Percentile(sorted, 0.95), nullPercentile5,
            p, Verdict(p, nullPercentile5, chance, alpha));
    }

    /// <summary>The largest class frequency: the accuracy of always predicting the most common label.</summary>
    private static double Chance(ReadOnlySpan<int> labels)
    {
        var counts = new Dictionary<int, int>();
        foreach (int label in labels) counts[label] = counts.GetValueOrDefault(label) + 1;
        return (double)counts.Values.Max() / labels.Length;
    }

    /// <summary>The q-quantile of sorted values by linear interpolation between order statistics.</summary>
    private static double Percentile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position);
        int high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    private static double Accuracy(Network classifier, float[] features, ReadOnlySpan<int> labels, IBlas blas)
    {
        var outputs = ForwardPass.Evaluate(classifier, features, labels.Length, blas, Precision.Float64);
        var predicted = ForwardPass.PredictClasses(classifier.OutputRule, outputs, classifier.OutputCount);
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
            if (predicted[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    /// <summary>A function mapping N x width float64 features to float32 with each column standardized by the mean and standard deviation of <paramref name="reference"/> (a constant column is only centred).</summary>
    private static Func<double[], float[]> Standardizer(double[] reference, int width)
    {
        double[] mean = ColumnStatistics.Means<double>(reference, width);
        double[] spread = Array.ConvertAll(ColumnStatistics.StandardDeviations<double>(reference, mean), std => std > 0 ? std : 1);
        return values =>
        {
            var result = new float[values.Length];
            for (int i = 0; i < values.Length; i++) result[i] = (float)((values[i] - mean[i % width]) / spread[i % width]);
            return result;
        };
    }
}
