using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MemLab.Experiments;
using MemLab.Training;

namespace MemLab.Cli.Commands;

/// <summary>
/// The training-recipe options that <c>train</c> and <c>gap</c> share: one option per parameter of
/// <see cref="TrainOptions"/> as <see cref="OptionsBinder.Describe"/> gives them (the names, defaults and descriptions
/// of the record, in kebab-case; the sweep tasks take the same parameters in snake_case), their binding through
/// <see cref="OptionsBinder.Bind"/>, and the one-line description of a recipe both commands print.
/// </summary>
internal sealed class RecipeOptions
{
    private readonly IReadOnlyList<ParameterOption> _parameters;

    /// <summary>The recipe's options, leaving out the parameters of the properties named in <paramref name="exceptProperties"/> (the command sets those itself).</summary>
    public RecipeOptions(params string[] exceptProperties)
    {
        var except = exceptProperties.Select(OptionsBinder.CommandLineName<TrainOptions>).ToHashSet(StringComparer.Ordinal);
        _parameters = OptionsBinder.Describe(new TrainOptions())
            .Select(parameter => ParameterOption.Create(parameter))
            .Where(parameter => !except.Contains(parameter.Option.Name))
            .ToList();
    }

    /// <summary>Adds every recipe option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var parameter in _parameters) command.Options.Add(parameter.Option);
        ParameterOption.CheckTogether(command, new TrainOptions(), _parameters);
    }

    /// <summary>Whether the command line gave the learning rate (rather than leaving its default).</summary>
    public bool RateGiven(ParseResult parse)
    {
        string rate = OptionsBinder.CommandLineName<TrainOptions>(nameof(TrainOptions.LearningRate));
        return _parameters.Single(p => p.Option.Name == rate).Given(parse) is not null;
    }

    /// <summary>
    /// <paramref name="defaults"/> (which carry what the command sets itself) with every recipe option given on the
    /// command line, validated.
    /// </summary>
    /// <exception cref="MemLabException">An option is out of range.</exception>
    public TrainOptions Bind(ParseResult parse, TextWriter log, TrainOptions defaults)
    {
        var options = OptionsBinder.Bind(defaults, ParameterOption.GivenValues(parse, _parameters, log), Trainer.Id);
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
}
