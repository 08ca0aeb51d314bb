using System.ComponentModel;
using System.Globalization;

namespace MemLab.Training;

/// <summary>
/// A training recipe for <see cref="Trainer"/>: architecture, optimizer, loss, initialization and budget. Immutable,
/// with documented defaults; <see cref="CheckedOptions.Validate"/> reports every invalid option at once. Serialized with each run so
/// the run replays.
/// </summary>
public sealed record TrainOptions : ICheckedOptions
{
    /// <summary>
    /// Hidden-layer widths, first to last; each layer is dense with ReLU. Default [100]. Every width >= 1. An empty list
    /// trains a linear model (logistic or softmax regression with the matching loss), as the probes do.
    /// </summary>
    [Description("Hidden-layer widths, first to last (ReLU layers), separated by commas or x, e.g. 160 or 256,64.")]
    public IReadOnlyList<int> Hidden { get; init; } = [100];

    /// <summary>The optimizer. Default <see cref="Training.Optimizer.Adam"/>.</summary>
    [Description("adam: Adam (full batch unless batch is set); sgd: minibatch SGD with momentum; gd: full-batch gradient descent.")]
    public Optimizer Optimizer { get; init; } = Optimizer.Adam;

    /// <summary>Learning rate. Default 0.01. Must be finite and &gt; 0.</summary>
    [ParameterName("lr")]
    [Description("Learning rate (> 0).")]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The loss. Default <see cref="Training.Loss.Logistic"/> (two classes; use <see cref="Training.Loss.CrossEntropy"/> for more).</summary>
    [Description("logistic and hinge: two classes, one output; cross-entropy: K outputs; square: one output for two classes, K one-hot outputs otherwise.")]
    public Loss Loss { get; init; } = Loss.Logistic;

    /// <summary>The weight initialization. Default <see cref="Training.Initialization.He"/>.</summary>
    [ParameterName("init")]
    [Description("Weight initialization (biases start at 0).")]
    public Initialization Initialization { get; init; } = Initialization.He;

    /// <summary>Multiplies every initial weight. Default 1. Must be finite and &gt; 0.</summary>
    [Description("Multiplies every initial weight (> 0).")]
    public double InitScale { get; init; } = 1;

    /// <summary>The step budget: the most parameter updates (minibatch steps for SGD). Default 1000. Must be >= 1.</summary>
    [Description("Step budget: the most parameter updates (>= 1).")]
    public int Steps { get; init; } = 1000;

    /// <summary>
    /// Minibatch size for <see cref="Training.Optimizer.Adam"/> and <see cref="Training.Optimizer.Sgd"/>; null means full
    /// batch. Default: null for Adam, 128 for SGD. Must be >= 1; <see cref="Training.Optimizer.Gd"/> takes none.
    /// A value at least N is full batch.
    /// </summary>
    [ParameterName("batch")]
    [Description("Minibatch size (adam, sgd). Default: full batch for adam, 128 for sgd.")]
    public int? BatchSize { get; init; }

    /// <summary>Momentum for SGD and GD. Default: 0.9 for SGD, 0 for GD. Must be in [0, 1); Adam takes none (it has <see cref="AdamBeta1"/>).</summary>
    [Description("Momentum in [0, 1) for sgd and gd. Default: 0.9 for sgd, 0 for gd.")]
    public double? Momentum { get; init; }

    /// <summary>Adam's first-moment decay. Default 0.9. Must be in [0, 1).</summary>
    [Description("Adam's first-moment decay, in [0, 1).")]
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay. Default 0.999. Must be in [0, 1).</summary>
    [Description("Adam's second-moment decay, in [0, 1).")]
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>Adam's denominator guard. Default 1e-8. Must be finite and &gt; 0.</summary>
    [Description("Adam's denominator guard (> 0).")]
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>Inverted dropout on every hidden layer's outputs during training: each unit is zeroed with this probability. Default 0. Must be in [0, 1).</summary>
    [Description("Dropout probability on hidden units during training, in [0, 1).")]
    public double Dropout { get; init; }

    /// <summary>L2 weight decay: adds WeightDecay * w to the gradient of every weight (not biases), as PyTorch's weight_decay does. Default 0. Must be finite and >= 0.</summary>
    [Description("L2 weight decay on weights (not biases), >= 0.")]
    public double WeightDecay { get; init; }

    /// <summary>
    /// Steps between memorization checks (a forward pass over all points without dropout). Default null: every step for
    /// full-batch training without dropout (free: the training pass is the check), otherwise once per epoch. Must be >= 1.
    /// </summary>
    [Description("Steps between memorization checks. Default: every step for full batch without dropout, else once per epoch.")]
    public int? CheckEvery { get; init; }

    /// <summary>
    /// Whether training stops at the first check where every point is classified correctly. Default true. False trains
    /// for the whole budget (for curves past memorization, and for timing a fixed number of steps).
    /// </summary>
    [NotAParameter]
    public bool StopWhenMemorized { get; init; } = true;

    /// <summary>Stop after this many seconds (checked every step); null for none. Default null. Must be finite and &gt; 0. A time limit makes the step count depend on the machine.</summary>
    [ParameterName("time_limit")]
    [Description("Stop after this many seconds (> 0). The step count then depends on the machine.")]
    public double? TimeLimitSeconds { get; init; }

    /// <summary>
    /// Real targets only: the largest |f(x_i) - y_i| that counts as memorized, in the float32 checks and in the float64
    /// verification. Default null: 1e-3 times the range of the targets (see <see cref="TargetTolerance"/>). Must be a
    /// finite number &gt; 0. Class labels ignore it.
    /// </summary>
    [Description("Real targets (square loss): memorized when every |f(x) - y| is at most this (> 0). Default: 1e-3 times the range of the targets.")]
    public double? Tolerance { get; init; }

    /// <summary>
    /// Steps between checkpoints: after every multiple of this many steps the trainer hands the network to its checkpoint
    /// callback (see <see cref="Trainer"/>). Default null: none. Must be >= 1.
    /// </summary>
    [NotAParameter]
    public int? CheckpointEvery { get; init; }

    /// <summary>The batch size in effect for <paramref name="sampleCount"/> points: the full batch unless a smaller minibatch applies.</summary>
    public int EffectiveBatchSize(int sampleCount) =>
        Math.Min(sampleCount, BatchSize ?? (Optimizer == Optimizer.Sgd ? 128 : sampleCount));

    /// <summary>The momentum in effect: the given value, else 0.9 for SGD and 0 for GD and Adam.</summary>
    public double EffectiveMomentum => Momentum ?? (Optimizer == Optimizer.Sgd ? 0.9 : 0);

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (Hidden is null)
            yield return "Hidden must list the hidden-layer widths, for example [160], or be empty for a linear model.";
        else if (Hidden.Any(w => w < 1))
            yield return $"Every hidden width must be >= 1; got [{string.Join(", ", Hidden)}].";
        if (!(double.IsFinite(LearningRate) && LearningRate > 0))
            yield return $"The learning rate must be a finite number > 0; got {Text(LearningRate)}. Try 0.01 for Adam or 0.1 for SGD.";
        if (!(double.IsFinite(InitScale) && InitScale > 0))
            yield return $"The init scale must be a finite number > 0; got {Text(InitScale)}. 1 keeps the scheme's own variance.";
        if (Steps < 1)
            yield return $"The step budget must be >= 1; got {Steps}.";
        if (BatchSize is < 1)
            yield return $"The batch size must be >= 1; got {BatchSize}. Leave it unset for full batch.";
        if (Optimizer == Optimizer.Gd && BatchSize is not null)
            yield return $"GD is full-batch and takes no batch size; got {BatchSize}. Use --optimizer sgd for minibatches.";
        if (Momentum is { } momentum && !(momentum >= 0 && momentum < 1))
            yield return $"Momentum must be in [0, 1); got {Text(momentum)}.";
        if (Optimizer == Optimizer.Adam && Momentum is not null)
            yield return $"Adam takes no momentum (it uses beta1 = {Text(AdamBeta1)}); got {Text(Momentum.Value)}. Drop it or use sgd or gd.";
        if (!(AdamBeta1 >= 0 && AdamBeta1 < 1))
            yield return $"Adam's beta1 must be in [0, 1); got {Text(AdamBeta1)}.";
        if (!(AdamBeta2 >= 0 && AdamBeta2 < 1))
            yield return $"Adam's beta2 must be in [0, 1); got {Text(AdamBeta2)}.";
        if (!(double.IsFinite(AdamEpsilon) && AdamEpsilon > 0))
            yield return $"Adam's epsilon must be a finite number > 0; got {Text(AdamEpsilon)}.";
        if (!(Dropout >= 0 && Dropout < 1))
            yield return $"Dropout must be a probability in [0, 1); got {Text(Dropout)}.";
        if (!(double.IsFinite(WeightDecay) && WeightDecay >= 0))
            yield return $"Weight decay must be a finite number >= 0; got {Text(WeightDecay)}.";
        if (CheckEvery is < 1)
            yield return $"The steps between memorization checks must be >= 1; got {CheckEvery}.";
        if (CheckpointEvery is < 1)
            yield return $"The steps between checkpoints (CheckpointEvery) must be >= 1; got {CheckpointEvery}.";
        if (Tolerance is { } tolerance && !(double.IsFinite(tolerance) && tolerance > 0))
            yield return $"The tolerance must be a finite number > 0; got {Text(tolerance)}. Leave it unset for 1e-3 times the range of the targets.";
        if (TimeLimitSeconds is { } limit && !(double.IsFinite(limit) && limit > 0))
            yield return $"The time limit must be a finite number of seconds > 0; got {Text(limit)}.";
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
