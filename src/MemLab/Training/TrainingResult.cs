using MemLab.Networks;

namespace MemLab.Training;

/// <summary>
/// The outcome of <see cref="Trainer.Train"/>: the trained network as an ordinary memlab <see cref="MemLab.Network"/>
/// (float64 weights copied from the float32 ones), the training curves, why training stopped, and the float64
/// verification of the network on every training point next to the float32 training accuracy.
/// </summary>
public sealed record TrainingResult
{
    /// <summary>The trained network; null when training diverged (its parameters are not finite).</summary>
    public required Network? Network { get; init; }

    /// <summary>Loss and accuracy at every check, in order; the last point describes the returned network.</summary>
    public required IReadOnlyList<CurvePoint> Curves { get; init; }

    /// <summary>Why training stopped.</summary>
    public required StopReason StopReason { get; init; }

    /// <summary>Parameter updates done.</summary>
    public required int Steps { get; init; }

    /// <summary>Points per step: N for full batch, else the minibatch size.</summary>
    public required int BatchSize { get; init; }

    /// <summary>Passes over the data done: the points the steps used / N (a short last batch of an epoch counts its own rows).</summary>
    public required double Epochs { get; init; }

    /// <summary>
    /// True when every training point was memorized (classified correctly, or within <see cref="Tolerance"/>) in float32 at the last check and training did not diverge
    /// (see <see cref="Verification"/> for float64).
    /// </summary>
    public bool Memorized => StopReason != StopReason.Diverged && Curves[^1].Accuracy == 1;

    /// <summary>The first step at which a check found every point classified correctly (float32); null if none did.</summary>
    public required int? FirstMemorizedStep { get; init; }

    /// <summary>The step at which the loss became NaN or infinite; null unless <see cref="StopReason"/> is <see cref="Training.StopReason.Diverged"/>.</summary>
    public required int? DivergedAtStep { get; init; }

    /// <summary>The mean training loss at the last check (float32 training arithmetic).</summary>
    public double FinalLoss => Curves[^1].Loss;

    /// <summary>The training accuracy at the last check (float32 training arithmetic).</summary>
    public double TrainAccuracy => Curves[^1].Accuracy;

    /// <summary>The returned network checked in float64 on every training point; null when training diverged.</summary>
    public required VerificationReport? Verification { get; init; }

    /// <summary>Real targets only: the largest |f(x_i) - y_i| that counted as memorized, in the float32 checks and the float64 verification; null for class labels.</summary>
    public double? Tolerance { get; init; }

    /// <summary>Wall-clock seconds of the training loop (not the float64 verification).</summary>
    public required double Seconds { get; init; }

    /// <summary>The linear-algebra backend, as <c>IBlas.Describe()</c> reports it.</summary>
    public required string Backend { get; init; }
}
