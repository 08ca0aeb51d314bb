using MemLab.LinearAlgebra;
using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>
/// Compares every analytic gradient of the trainer's backpropagation with central finite differences in float64. The
/// trainer's math (<c>Mlp&lt;T&gt;</c>, <c>LossFunctions</c>) is written once, generic over the float type, so the float64
/// instance checked here is the same code the float32 trainer runs; a second test checks that the float32 instance
/// gives the same gradients to float32 accuracy.
/// </summary>
public class GradientCheckTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);
    private const int Rows = 9;
    private const int Inputs = 5;

    public static TheoryData<Loss, int, int[], double, double> Cases() => new()
    {
        // loss, classes, hidden widths, dropout, weight decay
        { Loss.Logistic, 2, [7], 0, 0 },
        { Loss.Hinge, 2, [7], 0, 0 },
        { Loss.Square, 2, [7], 0, 0 },
        { Loss.Square, 3, [7], 0, 0 },
        { Loss.CrossEntropy, 2, [7], 0, 0 },
        { Loss.CrossEntropy, 4, [7], 0, 0 },
        { Loss.Logistic, 2, [6, 4, 5], 0, 0 },
        { Loss.CrossEntropy, 3, [6, 4], 0, 0 },
        { Loss.Logistic, 2, [8, 6], 0.3, 0 },
        { Loss.CrossEntropy, 3, [6, 5], 0.5, 0.1 },
        { Loss.Square, 3, [6], 0, 0.2 },
        { Loss.Logistic, 2, [], 0, 0 },
        { Loss.CrossEntropy, 4, [], 0, 0.1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Float64_MatchesCentralFiniteDifferencesForEveryParameter(Loss loss, int classes, int[] hidden, double dropout, double weightDecay)
    {
        var (network, input, labels, outputs) = Setup<double>(loss, classes, hidden, dropout);
        double[] analytic = Gradient(network, input, labels, loss, outputs, dropout, weightDecay);
        const double h = 1e-6;
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < network.Parameters.Length; i++)
        {
            double saved = network.Parameters[i];
            network.Parameters[i] = saved + h;
            double plus = Objective(network, input, labels, loss, outputs, dropout, weightDecay);
            network.Parameters[i] = saved - h;
            double minus = Objective(network, input, labels, loss, outputs, dropout, weightDecay);
            network.Parameters[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double error = Math.Abs(numeric - analytic[i]) / Math.Max(1, Math.Abs(numeric));
            if (error > worst) (worst, worstIndex) = (error, i);
        }
        Assert.True(worst < 1e-6, $"{loss}, hidden [{string.Join(",", hidden)}]: parameter {worstIndex} analytic {analytic[Math.Max(worstIndex, 0)]} differs from finite differences by {worst:G3}");
        Assert.Contains(analytic, g => g != 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_Float32_AgreesWithFloat64(Loss loss, int classes, int[] hidden, double dropout, double weightDecay)
    {
        var (wide, wideInput, labels, outputs) = Setup<double>(loss, classes, hidden, dropout);
        var (narrow, narrowInput, _, _) = Setup<float>(loss, classes, hidden, dropout);
        double[] reference = Gradient(wide, wideInput, labels, loss, outputs, dropout, weightDecay);
        float[] single = Gradient(narrow, narrowInput, labels, loss, outputs, dropout, weightDecay);
        double scale = reference.Max(Math.Abs);
        for (int i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(single[i] - reference[i]) <= 1e-4 * scale, $"parameter {i}: float32 {single[i]}, float64 {reference[i]}");
    }

    /// <summary>A network with parameters drawn from a fixed seed (rounded to float32 first, so both precisions start equal), inputs and labels.</summary>
    private static (Mlp<T> Network, T[] Input, int[] Labels, int Outputs) Setup<T>(Loss loss, int classes, int[] hidden, double dropout)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int outputs = LossFunctions.OutputCount(loss, classes);
        var network = new Mlp<T>([Inputs, .. hidden, outputs], Rows, dropout);
        var rng = new Seed(11).CreateRng();
        for (int i = 0; i < network.Parameters.Length; i++)
            network.Parameters[i] = T.CreateTruncating((float)rng.NextGaussian() * 0.7f);
        var input = new T[Rows * Inputs];
        for (int i = 0; i < input.Length; i++) input[i] = T.CreateTruncating((float)rng.NextGaussian());
        var labels = new int[Rows];
        for (int i = 0; i < Rows; i++) labels[i] = i % classes;
        return (network, input, labels, outputs);
    }

    /// <summary>Mean loss plus weightDecay / 2 times the sum of squared weights (biases excluded), with the same dropout masks every call.</summary>
    private static double Objective(Mlp<double> network, double[] input, int[] labels, Loss loss, int outputs, double dropout, double weightDecay)
    {
        var z = network.Forward(input, Rows, Blas, Masks(dropout));
        var (sum, _) = LossFunctions.Evaluate<double>(loss, z, Rows, outputs, labels, [], 1.0);
        double penalty = 0;
        for (int l = 0; l < network.LayerCount; l++)
            foreach (double w in network.Weights(network.Parameters, l)) penalty += w * w;
        return sum / Rows + 0.5 * weightDecay * penalty;
    }

    private static T[] Gradient<T>(Mlp<T> network, T[] input, int[] labels, Loss loss, int outputs, double dropout, double weightDecay)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = Masks(dropout);
        var z = network.Forward(input, Rows, Blas, rng);
        var outputGradient = new T[Rows * outputs];
        LossFunctions.Evaluate(loss, z, Rows, outputs, labels, outputGradient, T.One / T.CreateTruncating(Rows));
        network.Backward(input, Rows, outputGradient, Blas, T.CreateTruncating(weightDecay), dropoutActive: rng is not null);
        return (T[])network.Gradients.Clone();
    }

    /// <summary>A fresh generator from a fixed seed, so every forward pass draws the same dropout masks; null without dropout.</summary>
    private static Rng? Masks(double dropout) => dropout > 0 ? new Seed(99).CreateRng() : null;
}
