using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Training;

/// <summary>
/// Trains a dense ReLU network by gradient descent (docs/algorithms.md section 6) on class labels, or on real targets with
/// the square loss: float32 arithmetic through <see cref="IBlas"/> SGEMM, analytic gradients, Adam, SGD with momentum
/// or full-batch GD, and stops as soon as every training point is memorized (classified correctly; for real targets
/// every |f(x_i) - y_i| within <see cref="TrainOptions.Tolerance"/>), or when the step budget or time limit runs out.
/// </summary>
/// <remarks>
/// <para>Memorization checks: full-batch training without dropout checks every step, for free (the training forward
/// pass is the check); otherwise a forward pass over all points without dropout runs every
/// <see cref="TrainOptions.CheckEvery"/> steps (default once per epoch), and always at the end.</para>
/// <para>Determinism: the initial weights, minibatch order and dropout masks come from child seeds of the run's seed,
/// and every reduction memlab does itself runs in a fixed order, so the same data, options, seed, backend and thread
/// count give bit-identical networks. A different BLAS thread count may change how a GEMM splits its sums, and so the
/// last bits. A time limit makes the step count depend on the machine.</para>
/// <para>Activations: hidden layers are ReLU and the output layer is affine, so every trained network uses only
/// <see cref="Activation"/> members that the forward pass, the verification and the model files already handle.
/// Other nonlinearities (tanh, sigmoid, leaky ReLU) would need new <see cref="Activation"/> members supported there
/// first; they are not offered.</para>
/// </remarks>
public sealed class Trainer
{
    private readonly IBlas _blas;
    private readonly IProgress<double>? _progress;
    private readonly Action<int, Network>? _checkpoint;

    /// <summary>
    /// A trainer computing with <paramref name="blas"/>; <paramref name="progress"/> receives the fraction of the step budget
    /// used (null for none); <paramref name="checkpoint"/> receives the steps done and the network (float64 copy) after
    /// every multiple of <see cref="TrainOptions.CheckpointEvery"/> steps (null for none).
    /// </summary>
    public Trainer(IBlas blas, IProgress<double>? progress = null, Action<int, Network>? checkpoint = null)
    {
        ArgumentNullException.ThrowIfNull(blas);
        _blas = blas;
        _progress = progress;
        _checkpoint = checkpoint;
    }

    /// <summary>The id stored in the provenance of trained networks.</summary>
    public const string Id = "train";

    /// <summary>Trains a network on <paramref name="data"/> with <paramref name="options"/>, starting from <paramref name="seed"/>, then verifies it in float64.</summary>
    /// <exception cref="MemLabException">Invalid options, real targets with a loss other than square, labels the loss cannot take, or a network too large to allocate.</exception>
    public TrainingResult Train(Dataset data, TrainOptions options, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int outputs = CheckData(data, options.Loss);
        double? tolerance = TargetTolerance.For(data, options.Tolerance);
        int n = data.SampleCount;
        int batch = options.EffectiveBatchSize(n);
        int[] sizes = [data.FeatureCount, .. options.Hidden, outputs];
        var network = Allocate(sizes, batch, options.Dropout);
        InitialWeights.Fill(network, options.Initialization, options.InitScale, seed.Derive("init"));
        Action<int>? checkpoint = _checkpoint is { } save && options.CheckpointEvery is not null
            ? steps => save(steps, ToNetwork(network, options, seed, data))
            : null;
        var run = new Run(data, TrainingTargets.Of(data, tolerance), options, network, seed, _blas, _progress, checkpoint);
        run.Loop();

        Network? trained = run.StopReason == StopReason.Diverged ? null : ToNetwork(network, options, seed, data);
        return new TrainingResult
        {
            Network = trained,
            Curves = run.Curves,
            StopReason = run.StopReason,
            Steps = run.Steps,
            BatchSize = batch,
            FirstMemorizedStep = run.FirstMemorizedStep,
            Epochs = (double)run.PointsUsed / n,
            DivergedAtStep = run.StopReason == StopReason.Diverged ? run.Steps : null,
            Verification = trained is null ? null : Verification.Verify(trained, data, _blas, tolerance ?? Verification.DefaultTolerance),
            Tolerance = tolerance,
            Seconds = run.Seconds,
            Backend = _blas.Describe(),
        };
    }

    /// <summary>The options as the JSON stored in a trained network's provenance (snake_case names, enums as strings).</summary>
    public static string OptionsJson(TrainOptions options) => JsonSerializer.Serialize(options, OptionsJsonSettings);

    // One instance: the serializer caches a type's metadata per options object, so new options on every call rebuilt it
    // (reflection and emitted accessors) for every network a width search trained.
    private static readonly JsonSerializerOptions OptionsJsonSettings = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        TypeInfoResolver = TrainOptionsJsonContext.Default,
    };

    /// <summary>The output count the loss needs on <paramref name="data"/> (1 for real targets).</summary>
    /// <exception cref="MemLabException">Real targets with a loss other than square, or more classes than the loss takes.</exception>
    internal static int CheckData(Dataset data, Loss loss)
    {
        TargetTolerance.RequireSquareLoss(data, loss);
        if (data.TargetKind == TargetKind.Real) return 1;
        int classes = data.ClassCount;
        if (loss is Loss.Logistic or Loss.Hinge && classes > 2)
            throw MemLabException.InvalidData(
                $"The {Word(loss)} loss takes two classes (labels 0 and 1), but the data ({data.Provenance.Spec}) has {classes}. Use --loss cross-entropy or square, or pick two classes.");
        return LossFunctions.OutputCount(loss, classes);
    }

    private static Mlp<float> Allocate(int[] sizes, int batch, double dropout)
    {
        long parameters = 0;
        for (int l = 1; l < sizes.Length; l++)
            parameters += (long)sizes[l - 1] * sizes[l] + sizes[l];
        long widest = (long)batch * sizes.Skip(1).Max();
        string network = $"A {string.Join("-", sizes)} network";
        // Parameters, gradients and two Adam moments (float32); the activations of a batch, forward and backward.
        MemoryBudget.Require(parameters, 4 * sizeof(float), string.Create(CultureInfo.InvariantCulture, $"{network}'s {parameters:N0} parameters (with gradients and optimizer state)"), "use narrower layers");
        MemoryBudget.Require(widest, 2 * sizes.Length * sizeof(float), string.Create(CultureInfo.InvariantCulture, $"{network}'s activations for a batch of {batch}"), "use narrower layers or a smaller --batch");
        return new Mlp<float>(sizes, batch, dropout);
    }

    internal static Network ToNetwork(Mlp<float> trained, TrainOptions options, Seed seed, Dataset data)
    {
        var layers = new DenseLayer[trained.LayerCount];
        for (int l = 0; l < layers.Length; l++)
        {
            var weights = Widen(trained.Weights(trained.Parameters, l));
            var bias = Widen(trained.Biases(trained.Parameters, l));
            layers[l] = new DenseLayer(trained.Sizes[l], trained.Sizes[l + 1], weights, bias,
                l < layers.Length - 1 ? Activation.Relu : Activation.Identity);
        }
        var rule = data.TargetKind == TargetKind.Real ? OutputRule.Value : trained.Sizes[^1] == 1 ? OutputRule.Sign : OutputRule.Argmax;
        return new Network(layers, rule, NetworkProvenance.For(Id, OptionsJson(options), seed, data));
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static string Word(Loss loss) => JsonNamingPolicy.KebabCaseLower.ConvertName(loss.ToString());

    /// <summary>The state of one training loop: buffers, counters and curves.</summary>
    private sealed class Run
    {
        private readonly Dataset _data;
        private readonly TrainingTargets _targets;
        private readonly TrainOptions _options;
        private readonly Mlp<float> _network;
        private readonly IBlas _blas;
        private readonly IProgress<double>? _progress;
        private readonly Action<int>? _checkpoint;
        private readonly ParameterUpdate<float> _update;
        private readonly Rng _batchRng;
        private readonly Rng? _dropoutRng;
        private readonly int _batch;
        private readonly int _checkEvery;
        private readonly bool _freeCheck;
        private readonly float[] _outputGradient;
        private readonly float[] _batchInput;
        private readonly TrainingTargets _batchTargets;
        private readonly int[] _order;
        private readonly List<CurvePoint> _curves = [];
        private readonly long _start = Stopwatch.GetTimestamp();
        private int _position;

        public Run(Dataset data, TrainingTargets targets, TrainOptions options, Mlp<float> network, Seed seed, IBlas blas, IProgress<double>? progress, Action<int>? checkpoint)
        {
            _checkpoint = checkpoint;
            _data = data;
            _targets = targets;
            _options = options;
            _network = network;
            _blas = blas;
            _progress = progress;
            int n = data.SampleCount;
            _batch = options.EffectiveBatchSize(n);
            bool fullBatch = _batch == n;
            _freeCheck = fullBatch && options.Dropout == 0;
            _checkEvery = options.CheckEvery ?? (_freeCheck ? 1 : (n + _batch - 1) / _batch);
            _update = new ParameterUpdate<float>(options, network.Parameters.Length);
            _batchRng = seed.Derive("batches").CreateRng();
            _dropoutRng = options.Dropout > 0 ? seed.Derive("dropout").CreateRng() : null;
            _outputGradient = new float[_batch * network.Sizes[^1]];
            _batchInput = fullBatch ? [] : new float[_batch * data.FeatureCount];
            _batchTargets = targets.Buffer(fullBatch ? 0 : _batch);
            _order = fullBatch ? [] : Enumerable.Range(0, n).ToArray();
        }

        public List<CurvePoint> Curves => _curves;

        public StopReason StopReason { get; private set; }

        public int Steps { get; private set; }

        /// <summary>Training points the completed steps used (a short last batch of an epoch counts its own rows).</summary>
        public long PointsUsed { get; private set; }

        public int? FirstMemorizedStep { get; private set; }

        public double Seconds => Stopwatch.GetElapsedTime(_start).TotalSeconds;

        public void Loop()
        {
            int n = _data.SampleCount;
            float scale = 1f / _batch;
            float weightDecay = (float)_options.WeightDecay;
            while (true)
            {
                bool budgetOut = Steps >= _options.Steps;
                bool timeOut = _options.TimeLimitSeconds is { } limit && Seconds >= limit;
                bool due = Steps % _checkEvery == 0 || budgetOut || timeOut;
                (double Sum, int Correct)? check = null;
                if (_freeCheck)
                {
                    var outputs = _network.Forward(_data.Features, n, _blas, null);
                    check = _targets.Evaluate(_options.Loss, outputs, 0, n, _network.Sizes[^1], _outputGradient, scale);
                }
                else if (due)
                {
                    check = EvaluateAll();
                }
                if (check is { } c)
                {
                    bool finite = double.IsFinite(c.Sum);
                    if (finite && c.Correct == n) FirstMemorizedStep ??= Steps;
                    StopReason? stop = !finite ? StopReason.Diverged : c.Correct == n && _options.StopWhenMemorized ? StopReason.Memorized
                        : budgetOut ? StopReason.StepBudget : timeOut ? StopReason.TimeLimit : null;
                    if (due || stop is not null) _curves.Add(new CurvePoint(Steps, c.Sum / n, (double)c.Correct / n, Seconds));
                    if (stop is { } reason)
                    {
                        StopReason = reason;
                        return;
                    }
                }
                int rows = n;
                if (_freeCheck)
                {
                    _network.Backward(_data.Features, n, _outputGradient, _blas, weightDecay, dropoutActive: false);
                }
                else
                {
                    ReadOnlySpan<float> input = _data.Features;
                    var targets = _targets;
                    if (_order.Length > 0)
                    {
                        rows = NextBatch();
                        input = _batchInput.AsSpan(0, rows * _data.FeatureCount);
                        targets = _batchTargets;
                    }
                    var outputs = _network.Forward(input, rows, _blas, _dropoutRng);
                    var (sum, _) = targets.Evaluate(_options.Loss, outputs, 0, rows, _network.Sizes[^1],
                        _outputGradient.AsSpan(0, rows * _network.Sizes[^1]), 1f / rows);
                    if (!double.IsFinite(sum))
                    {
                        _curves.Add(new CurvePoint(Steps, double.NaN, double.NaN, Seconds));
                        StopReason = StopReason.Diverged;
                        return;
                    }
                    _network.Backward(input, rows, _outputGradient.AsSpan(0, rows * _network.Sizes[^1]),
                        _blas, weightDecay, dropoutActive: _dropoutRng is not null);
                }
                _update.Apply(_network.Parameters, _network.Gradients);
                Steps++;
                PointsUsed += rows;
                _progress?.Report((double)Steps / _options.Steps);
                if (_checkpoint is not null && Steps % _options.CheckpointEvery!.Value == 0) _checkpoint(Steps);
            }
        }

        /// <summary>Loss sum and correct count over all points, without dropout, in batches of the buffer capacity.</summary>
        private (double Sum, int Correct) EvaluateAll()
        {
            int n = _data.SampleCount, d = _data.FeatureCount;
            double sum = 0;
            int correct = 0;
            for (int start = 0; start < n; start += _network.Capacity)
            {
                int rows = Math.Min(_network.Capacity, n - start);
                var outputs = _network.Forward(_data.Features.Slice(start * d, rows * d), rows, _blas, null);
                var part = _targets.Evaluate(_options.Loss, outputs, start, rows, _network.Sizes[^1], [], 1f);
                sum += part.Sum;
                correct += part.Correct;
            }
            return (sum, correct);
        }

        /// <summary>Copies the next minibatch (a fresh shuffle each epoch; the last batch of an epoch may be short) into the batch buffers.</summary>
        private int NextBatch()
        {
            int n = _data.SampleCount, d = _data.FeatureCount;
            if (_position == 0) _batchRng.Shuffle(_order.AsSpan());
            int rows = Math.Min(_batch, n - _position);
            for (int r = 0; r < rows; r++)
            {
                int i = _order[_position + r];
                _data.Row(i).CopyTo(_batchInput.AsSpan(r * d, d));
                _batchTargets.CopyFrom(_targets, i, r);
            }
            _position = (_position + rows) % n;
            return rows;
        }
    }
}
