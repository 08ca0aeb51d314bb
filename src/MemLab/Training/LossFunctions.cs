using System.Buffers;
using System.Diagnostics;
using System.Numerics.Tensors;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MemLab.Training;

/// <summary>
/// The value, gradient and correctness of each <see cref="Loss"/> on a batch of network outputs, generic over the float
/// type like <see cref="Mlp{T}"/>. Binary losses (logistic, hinge, square with two classes) read one output z per point
/// with s = +1 for label 1 and -1 for label 0; a point is correct when z &gt; 0 exactly for label 1 (the sign rule). The
/// K-output losses count a point correct when its label's output is the unique largest (the argmax rule).
/// </summary>
internal static class LossFunctions
{
    /// <summary>The number of output units <paramref name="loss"/> needs for <paramref name="classCount"/> classes.</summary>
    public static int OutputCount(Loss loss, int classCount) => loss switch
    {
        Loss.Logistic or Loss.Hinge => 1,
        Loss.Square => classCount <= 2 ? 1 : classCount,
        Loss.CrossEntropy => Math.Max(classCount, 2),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
    };

    /// <summary>
    /// The summed loss over <paramref name="rows"/> points and how many are classified correctly. When
    /// <paramref name="gradient"/> is not empty it receives d loss_i / d outputs times <paramref name="gradientScale"/>
    /// (1 / batch size for the batch mean). With <paramref name="computeLoss"/> false the logistic loss is not summed (the
    /// sum is 0, or NaN where a point's loss would not be finite), which saves a logarithm per point when only the
    /// gradient and the count are needed; the other losses are always summed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Sum, int Correct) Evaluate<T>(Loss loss, ReadOnlySpan<T> outputs, int rows, int outputCount,
        ReadOnlySpan<int> labels, Span<T> gradient, T gradientScale, bool computeLoss = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(outputs.Length >= rows * outputCount && labels.Length >= rows);
        if (outputCount == 1 && loss == Loss.Logistic) return EvaluateLogistic(outputs, rows, labels, gradient, gradientScale, computeLoss);
        bool withGradient = !gradient.IsEmpty;
        double sum = 0;
        int correct = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> z = outputs.Slice(i * outputCount, outputCount);
            Span<T> g = withGradient ? gradient.Slice(i * outputCount, outputCount) : [];
            int label = labels[i];
            if (outputCount == 1)
            {
                T value = z[0];
                T s = label == 1 ? T.One : T.NegativeOne;
                T margin = s * value;
                (T pointLoss, T slope) = loss switch
                {
                    Loss.Hinge => margin < T.One ? (T.One - margin, T.NegativeOne) : (T.Zero, T.Zero),
                    // 0.5 (z - s)^2 = 0.5 (m - 1)^2 since s^2 = 1.
                    Loss.Square => (T.CreateTruncating(0.5) * (margin - T.One) * (margin - T.One), margin - T.One),
                    _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not a one-output loss."),
                };
                sum += double.CreateTruncating(pointLoss);
                if ((value > T.Zero) == (label == 1) && !T.IsNaN(value)) correct++;
                if (withGradient) g[0] = slope * s * gradientScale;
            }
            else
            {
                sum += loss switch
                {
                    Loss.CrossEntropy => CrossEntropy(z, label, g, gradientScale),
                    Loss.Square => OneHotSquare(z, label, g, gradientScale),
                    _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Not a K-output loss."),
                };
                if (UniqueArgmax(z) == label) correct++;
            }
        }
        return (sum, correct);
    }

    /// <summary>
    /// Real targets: the summed square loss 0.5 (z - y)^2 over <paramref name="rows"/> points of one output each, and how
    /// many are within <paramref name="tolerance"/> of their target (|z - y| computed in float64 from the float values).
    /// When <paramref name="gradient"/> is not empty it receives (z - y) times <paramref name="gradientScale"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Sum, int Correct) EvaluateReal<T>(ReadOnlySpan<T> outputs, int rows, ReadOnlySpan<float> targets,
        Span<T> gradient, T gradientScale, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Debug.Assert(outputs.Length >= rows && targets.Length >= rows);
        bool withGradient = !gradient.IsEmpty;
        double sum = 0;
        int correct = 0;
        for (int i = 0; i < rows; i++)
        {
            T error = outputs[i] - T.CreateTruncating(targets[i]);
            sum += double.CreateTruncating(T.CreateTruncating(0.5) * error * error);
            if (Math.Abs(double.CreateTruncating(outputs[i]) - targets[i]) <= tolerance) correct++;
            if (withGradient) gradient[i] = error * gradientScale;
        }
        return (sum, correct);
    }

    /// <summary>
    /// The logistic loss on one output: margins m = s z; the count of correct signs; the gradient -s / (1 + exp(m))
    /// times the scale, with exp taken over all points at once (vectorized); the loss log(1 + exp(-m)) point by point
    /// when asked. Every caller (the one-network and the batched trainer) runs this same code on the same outputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Sum, int Correct) EvaluateLogistic<T>(ReadOnlySpan<T> outputs, int rows, ReadOnlySpan<int> labels,
        Span<T> gradient, T gradientScale, bool computeLoss)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] scratch = ArrayPool<T>.Shared.Rent(2 * rows);
        try
        {
            Span<T> margins = scratch.AsSpan(0, rows), exps = scratch.AsSpan(rows, rows);
            int correct = 0;
            bool finite = true;
            int start = 0;
            if (typeof(T) == typeof(float))
                start = SingleMargins(MemoryMarshal.Cast<T, float>(outputs), labels, MemoryMarshal.Cast<T, float>(margins), ref correct, ref finite);
            for (int i = start; i < rows; i++)
            {
                T value = outputs[i];
                bool positive = labels[i] == 1;
                T margin = positive ? value : -value;
                margins[i] = margin;
                if ((value > T.Zero) == positive && !T.IsNaN(value)) correct++;
                // log(1 + exp(-m)) is finite except for m = NaN or -infinity.
                finite &= !T.IsNaN(margin) && margin != T.NegativeInfinity;
            }
            double sum = 0;
            if (computeLoss)
                for (int i = 0; i < rows; i++) sum += double.CreateTruncating(LogisticLoss(margins[i]));
            else if (!finite)
                sum = double.NaN;
            if (!gradient.IsEmpty)
            {
                TensorPrimitives.Exp<T>(margins, exps);
                start = typeof(T) == typeof(float)
                    ? SingleSlopes(MemoryMarshal.Cast<T, float>(exps), labels, MemoryMarshal.Cast<T, float>(gradient), float.CreateTruncating(gradientScale))
                    : 0;
                for (int i = start; i < rows; i++)
                {
                    T slope = -T.One / (T.One + exps[i]);
                    gradient[i] = (labels[i] == 1 ? slope : -slope) * gradientScale;
                }
            }
            return (sum, correct);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// The vectorized float32 body of <see cref="EvaluateLogistic"/>'s first pass over whole vectors of points: the
    /// same margins, correct count (label 1: z &gt; 0, i.e. m &gt; 0; label 0: z &lt;= 0, i.e. m &gt;= 0; NaN never) and
    /// finiteness as its scalar loop. Returns the first point left to that loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SingleMargins(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, Span<float> margins, ref int correct, ref bool finite)
    {
        int width = Vector<float>.Count, i = 0, rows = margins.Length;
        var counted = Vector<int>.Zero;
        var bad = Vector<int>.Zero;
        var negativeInfinity = new Vector<float>(float.NegativeInfinity);
        for (; i <= rows - width; i += width)
        {
            var z = new Vector<float>(outputs[i..]);
            var positive = Vector.Equals(new Vector<int>(labels[i..]), Vector<int>.One);
            var m = Vector.ConditionalSelect(positive, z, -z);
            m.CopyTo(margins[i..]);
            counted += Vector.ConditionalSelect(positive, Vector.GreaterThan(m, Vector<float>.Zero), Vector.GreaterThanOrEqual(m, Vector<float>.Zero));
            bad |= Vector.OnesComplement(Vector.Equals(m, m)) | Vector.Equals(m, negativeInfinity);
        }
        correct -= Vector.Sum(counted);
        finite &= bad == Vector<int>.Zero;
        return i;
    }

    /// <summary>
    /// The vectorized float32 body of <see cref="EvaluateLogistic"/>'s gradient pass: (-1 / (1 + exp(m))) times the
    /// label's sign times the scale, the same operations as its scalar loop. Returns the first point left to that loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SingleSlopes(ReadOnlySpan<float> exps, ReadOnlySpan<int> labels, Span<float> gradient, float scale)
    {
        int width = Vector<float>.Count, i = 0, rows = exps.Length;
        var vScale = new Vector<float>(scale);
        var minusOne = new Vector<float>(-1f);
        for (; i <= rows - width; i += width)
        {
            var slope = minusOne / (Vector<float>.One + new Vector<float>(exps[i..]));
            var positive = Vector.Equals(new Vector<int>(labels[i..]), Vector<int>.One);
            (Vector.ConditionalSelect(positive, slope, -slope) * vScale).CopyTo(gradient[i..]);
        }
        return i;
    }

    /// <summary>log(1 + exp(-m)) computed without overflow.</summary>
    private static T LogisticLoss<T>(T margin) where T : unmanaged, IFloatingPointIeee754<T> =>
        margin > T.Zero ? T.LogP1(T.Exp(-margin)) : -margin + T.LogP1(T.Exp(margin));

    private static double CrossEntropy<T>(ReadOnlySpan<T> z, int label, Span<T> g, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = z[0];
        for (int j = 1; j < z.Length; j++) max = T.Max(max, z[j]);
        T total = T.Zero;
        for (int j = 0; j < z.Length; j++) total += T.Exp(z[j] - max);
        T logSumExp = max + T.Log(total);
        if (!g.IsEmpty)
            for (int j = 0; j < z.Length; j++)
                g[j] = (T.Exp(z[j] - logSumExp) - (j == label ? T.One : T.Zero)) * scale;
        return double.CreateTruncating(logSumExp - z[label]);
    }

    private static double OneHotSquare<T>(ReadOnlySpan<T> z, int label, Span<T> g, T scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T total = T.Zero;
        for (int j = 0; j < z.Length; j++)
        {
            T error = z[j] - (j == label ? T.One : T.Zero);
            total += error * error;
            if (!g.IsEmpty) g[j] = error * scale;
        }
        return 0.5 * double.CreateTruncating(total);
    }

    /// <summary>The index of the unique largest output; -1 for a tie or a NaN (never a correct prediction).</summary>
    private static int UniqueArgmax<T>(ReadOnlySpan<T> z) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int best = 0;
        bool tied = false;
        for (int j = 0; j < z.Length; j++)
        {
            if (T.IsNaN(z[j])) return -1;
            if (z[j] > z[best]) (best, tied) = (j, false);
            else if (j != best && z[j] == z[best]) tied = true;
        }
        return tied ? -1 : best;
    }
}
