using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MemLab.Training;

namespace MemLab.Cli.Commands;

/// <summary>
/// The training-recipe options that <c>train</c> and <c>gap</c> share (optimizer, learning rate, loss, initialization,
/// budget, minibatch, momentum, dropout, weight decay, checks, real-target tolerance, time limit), their binding into a <see cref="TrainOptions"/>
/// and the one-line description of a recipe both commands print. Defaults come from <see cref="TrainOptions"/>.
/// </summary>
internal sealed class RecipeOptions
{
    private static readonly TrainOptions Defaults = new();
    private readonly Option<Optimizer> _optimizer = WordOption("--optimizer", "adam: Adam (full batch unless --batch); sgd: minibatch SGD with momentum; gd: full-batch gradient descent.", Defaults.Optimizer);
    private readonly Option<double> _rate = new("--lr") { Description = "Learning rate (> 0).", DefaultValueFactory = _ => Defaults.LearningRate };
    private readonly Option<Loss> _loss = WordOption("--loss", "logistic and hinge: two classes, one output; cross-entropy: K outputs; square: one output for two classes, K one-hot outputs otherwise.", Defaults.Loss);
    private readonly Option<Initialization> _init = WordOption("--init", "Weight initialization (biases start at 0).", Defaults.Initialization);
    private readonly Option<double> _initScale = new("--init-scale") { Description = "Multiplies every initial weight (> 0).", DefaultValueFactory = _ => Defaults.InitScale };
    private readonly Option<int> _steps = new("--steps") { Description = "Step budget: the most parameter updates (>= 1).", DefaultValueFactory = _ => Defaults.Steps };
    private readonly Option<int?> _batch = new("--batch") { Description = "Minibatch size (adam, sgd). Default: full batch for adam, 128 for sgd." };
    private readonly Option<double?> _momentum = new("--momentum") { Description = "Momentum in [0, 1) for sgd and gd. Default: 0.9 for sgd, 0 for gd." };
    private readonly Option<double> _dropout = new("--dropout") { Description = "Dropout probability on hidden units during training, in [0, 1).", DefaultValueFactory = _ => Defaults.Dropout };
    private readonly Option<double> _decay = new("--weight-decay") { Description = "L2 weight decay on weights (not biases), >= 0.", DefaultValueFactory = _ => Defaults.WeightDecay };
    private readonly Option<int?> _checkEvery = new("--check-every") { Description = "Steps between memorization checks. Default: every step for full batch without dropout, else once per epoch." };
    private readonly Option<double?> _tolerance = new("--tolerance") { Description = "Real targets (square loss): memorized when every |f(x) - y| is at most this (> 0). Default: 1e-3 times the range of the targets." };
    private readonly Option<double?> _timeLimit = new("--time-limit") { Description = "Stop after this many seconds (> 0). The step count then depends on the machine." };

    /// <summary>Adds every recipe option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _optimizer, _rate, _loss, _init, _initScale, _steps, _batch, _momentum, _dropout, _decay, _checkEvery, _tolerance, _timeLimit })
            command.Options.Add(option);
    }

    /// <summary>Whether the command line gave --lr (rather than leaving its default).</summary>
    public bool RateGiven(ParseResult parse) => parse.GetResult(_rate) is { Implicit: false };

    /// <summary>The recipe the command line gives, with <paramref name="hidden"/> as its hidden layers, validated.</summary>
    /// <exception cref="MemLabException">An option is out of range.</exception>
    public TrainOptions Bind(ParseResult parse, IReadOnlyList<int> hidden, bool stopWhenMemorized)
    {
        var options = new TrainOptions
        {
            Hidden = hidden,
            Optimizer = parse.GetValue(_optimizer),
            LearningRate = parse.GetValue(_rate),
            Loss = parse.GetValue(_loss),
            Initialization = parse.GetValue(_init),
            InitScale = parse.GetValue(_initScale),
            Steps = parse.GetValue(_steps),
            BatchSize = parse.GetValue(_batch),
            Momentum = parse.GetValue(_momentum),
            Dropout = parse.GetValue(_dropout),
            WeightDecay = parse.GetValue(_decay),
            CheckEvery = parse.GetValue(_checkEvery),
            TimeLimitSeconds = parse.GetValue(_timeLimit),
            Tolerance = parse.GetValue(_tolerance),
            StopWhenMemorized = stopWhenMemorized,
        };
        options.Validate();
        return options;
    }

    /// <summary>A recipe in words, e.g. "adam, lr 0.01, logistic loss, he init, full batch".</summary>
    public static string Describe(TrainOptions o, int batchSize)
    {
        string batch = o.Optimizer == Optimizer.Sgd || o.BatchSize is not null ? $"batch {batchSize}" : "full batch";
        return $"{Word(o.Optimizer)}, lr {Number(o.LearningRate)}, {Word(o.Loss)} loss, {Word(o.Initialization)} init" +
            $"{(o.InitScale != 1 ? $" x {Number(o.InitScale)}" : "")}, {batch}" +
            $"{(o.Optimizer != Optimizer.Adam ? $", momentum {Number(o.EffectiveMomentum)}" : "")}" +
            $"{(o.Dropout > 0 ? $", dropout {Number(o.Dropout)}" : "")}{(o.WeightDecay > 0 ? $", weight decay {Number(o.WeightDecay)}" : "")}";
    }

    /// <summary>The kebab-case word of an enum member, as the options spell it.</summary>
    public static string Word<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    /// <summary>A number with four significant digits.</summary>
    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static Option<T> WordOption<T>(string name, string description, T defaultValue) where T : struct, Enum
    {
        string[] words = Enum.GetValues<T>().Select(Word).ToArray();
        return new Option<T>(name)
        {
            Description = $"{description} Default {Word(defaultValue)}.",
            HelpName = string.Join("|", words),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Single().Value;
                int index = Array.IndexOf(words, text.ToLowerInvariant());
                if (index >= 0) return Enum.GetValues<T>()[index];
                result.AddError($"{name} {text} is not valid; expected one of {string.Join(", ", words)}.");
                return defaultValue;
            },
        };
    }
}
