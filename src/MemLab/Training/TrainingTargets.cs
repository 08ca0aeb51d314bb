using System.Numerics;

namespace MemLab.Training;

/// <summary>
/// What the trainer fits for each point: class labels, or real targets (as float32) with the tolerance that defines
/// memorizing them. One place decides which loss evaluation applies, so the full-batch check, the minibatch step and
/// the batched trainer read targets the same way.
/// </summary>
internal sealed class TrainingTargets
{
    private readonly int[]? _labels;
    private readonly float[]? _reals;

    private TrainingTargets(int[]? labels, float[]? reals, double? tolerance)
    {
        _labels = labels;
        _reals = reals;
        Tolerance = tolerance;
    }

    /// <summary>The labels or targets of <paramref name="data"/>; <paramref name="tolerance"/> is the one in effect for real targets (null for labels).</summary>
    public static TrainingTargets Of(Dataset data, double? tolerance)
    {
        if (data.TargetKind == TargetKind.Classes) return new TrainingTargets(data.Labels.ToArray(), null, null);
        var reals = new float[data.SampleCount];
        for (int i = 0; i < reals.Length; i++) reals[i] = (float)data.Targets[i];
        return new TrainingTargets(null, reals, tolerance ?? throw new ArgumentNullException(nameof(tolerance), "Real targets need a tolerance."));
    }

    /// <summary>An empty buffer of the same kind for <paramref name="capacity"/> points (a minibatch), filled by <see cref="CopyFrom"/>.</summary>
    public TrainingTargets Buffer(int capacity) =>
        new(_labels is null ? null : new int[capacity], _reals is null ? null : new float[capacity], Tolerance);

    /// <summary>The largest |f(x) - y| that counts as memorized; null for class labels.</summary>
    public double? Tolerance { get; }

    /// <summary>Point <paramref name="to"/> of this buffer takes point <paramref name="from"/> of <paramref name="source"/>.</summary>
    public void CopyFrom(TrainingTargets source, int from, int to)
    {
        if (_labels is not null) _labels[to] = source._labels![from];
        else _reals![to] = source._reals![from];
    }

    /// <summary>
    /// The summed loss and the count of points memorized (classified correctly, or within the tolerance) for points
    /// <paramref name="start"/> .. <paramref name="start"/> + <paramref name="rows"/> - 1; see <see cref="LossFunctions"/>
    /// (<paramref name="computeLoss"/> as there).
    /// </summary>
    public (double Sum, int Correct) Evaluate<T>(Loss loss, ReadOnlySpan<T> outputs, int start, int rows, int outputCount, Span<T> gradient, T gradientScale,
        bool computeLoss = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (_labels is not null)
            return LossFunctions.Evaluate(loss, outputs, rows, outputCount, _labels.AsSpan(start, rows), gradient, gradientScale, computeLoss);
        return LossFunctions.EvaluateReal(outputs, rows, _reals.AsSpan(start, rows), gradient, gradientScale, Tolerance!.Value);
    }
}
