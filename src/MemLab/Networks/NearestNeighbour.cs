using MemLab.LinearAlgebra;

namespace MemLab.Networks;

/// <summary>
/// The 1-nearest-neighbour classifier, a reference for held-out accuracy: each test point takes the label of the
/// training point closest to it in Euclidean distance (the first such point on a tie). Distances are compared in
/// float64 as |c|^2 - 2 x.c (|x|^2 is the same for every c), the dot products one DGEMM per block of test points, so
/// memory stays at a block times the training set.
/// </summary>
public static class NearestNeighbour
{
    private const int BlockRows = 128;

    /// <summary>The label of each test point's nearest training point.</summary>
    /// <exception cref="MemLabException">Either set has real targets instead of labels, or the dimensions differ.</exception>
    public static int[] Predict(Dataset train, Dataset test, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(blas);
        if (train.TargetKind != TargetKind.Classes || test.TargetKind != TargetKind.Classes)
            throw MemLabException.InvalidData("1-nearest-neighbour needs class labels on both the training and the test data; give labelled data.");
        if (train.FeatureCount != test.FeatureCount)
            throw MemLabException.InvalidData(
                $"The training data has {train.FeatureCount} features but the test data ({test.Provenance.Spec}) has {test.FeatureCount}; give test data of the same dimension.");
        int n = train.SampleCount, m = test.SampleCount, d = train.FeatureCount;
        double[] centres = ToDouble(train.Features);
        var norms = new double[n];
        for (int j = 0; j < n; j++)
            norms[j] = Dot(centres.AsSpan(j * d, d), centres.AsSpan(j * d, d));
        double[] points = ToDouble(test.Features);
        var dots = new double[BlockRows * n];
        var predicted = new int[m];
        ReadOnlySpan<int> labels = train.Labels;
        for (int start = 0; start < m; start += BlockRows)
        {
            int rows = Math.Min(BlockRows, m - start);
            blas.Dgemm(Transpose.No, Transpose.Yes, rows, n, d, 1, points.AsSpan(start * d, rows * d), d, centres, d, 0, dots, n);
            for (int r = 0; r < rows; r++)
            {
                int best = 0;
                double bestScore = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                {
                    double score = norms[j] - 2 * dots[r * n + j];
                    if (score < bestScore)
                    {
                        bestScore = score;
                        best = j;
                    }
                }
                predicted[start + r] = labels[best];
            }
        }
        return predicted;
    }

    /// <summary>The fraction of test points whose nearest training point has their label.</summary>
    /// <exception cref="MemLabException">As <see cref="Predict"/>.</exception>
    public static double Accuracy(Dataset train, Dataset test, IBlas blas)
    {
        int[] predicted = Predict(train, test, blas);
        ReadOnlySpan<int> labels = test.Labels;
        int correct = 0;
        for (int i = 0; i < predicted.Length; i++)
            if (predicted[i] == labels[i]) correct++;
        return (double)correct / predicted.Length;
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
