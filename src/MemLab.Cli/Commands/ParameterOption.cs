using System.CommandLine;
using System.CommandLine.Parsing;
using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text.Json;
using MemLab.Experiments;

namespace MemLab.Cli.Commands;

/// <summary>
/// The command-line option of one parameter of an options record (a construction's, or the training recipe's): named by
/// <see cref="OptionsBinder.CommandLineName(string)"/>, of the parameter's type (so a value of the wrong type, an enum
/// word or a text value the binder cannot read is a parse error naming the option), with its description and default
/// from the record and the view's <see cref="OptionHint"/>. What the
/// user gave goes back as text to <see cref="OptionsBinder.Bind"/>, the binder sweeps use too. A renamed parameter also
/// takes its earlier name (<see cref="RenamedParameters"/>).
/// </summary>
/// <param name="Parameter">The parameter of the options record.</param>
/// <param name="Hint">The view's hint for it.</param>
/// <param name="Option">The option to add to the command.</param>
/// <param name="Read">The option's value in a parse, given or default, as text the binder reads and the command line takes; null when it has none.</param>
/// <param name="ReadGiven">The same, from the option's result while the command line is being checked; null when it has none.</param>
internal sealed record ParameterOption(OptionsParameter Parameter, OptionHint Hint, Option Option, Func<ParseResult, string?> Read, Func<OptionResult, string?> ReadGiven)
{
    /// <summary>The options made here, which their records check (<see cref="CheckTogether"/>) rather than <see cref="OptionRanges"/>.</summary>
    private static readonly ConditionalWeakTable<Option, ParameterOption> Made = [];

    /// <summary>The options a command declares itself for a record's property that is not a parameter, which the record checks (<see cref="CheckByRecord"/>).</summary>
    private static readonly ConditionalWeakTable<Option, object> CheckedByRecord = [];

    /// <summary>Whether <paramref name="option"/> is the option of an options record's parameter, or of a property such a record checks, whose range the record states.</summary>
    public static bool IsRecordOption(Option option) => Made.TryGetValue(option, out _) || CheckedByRecord.TryGetValue(option, out _);

    /// <summary>
    /// Has the record behind <paramref name="defaults"/> check <paramref name="option"/>, which a command declares itself
    /// for a property the binder leaves out (<see cref="NotAParameterAttribute"/>, such as <c>--workers</c> of <c>gap</c>):
    /// a given value is put into the defaults by <paramref name="with"/>, and every problem the record then finds that
    /// it does not find in the defaults is a usage error after the option, in the record's words, so the range is stated
    /// once, in the record.
    /// </summary>
    public static void CheckByRecord<T, TOptions>(Option<T> option, TOptions defaults, Func<TOptions, T, TOptions> with) where TOptions : ICheckedOptions
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(with);
        CheckedByRecord.AddOrUpdate(option, defaults);
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0) return;
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // The value did not parse; the parser reports that itself.
            }
            var before = defaults.Problems().ToHashSet(StringComparer.Ordinal);
            var problems = with(defaults, value).Problems().Where(problem => !before.Contains(problem)).ToList();
            if (problems.Count > 0)
                result.AddError($"{string.Join(" ", result.Tokens.Select(t => t.Value).Prepend(option.Name))}: {string.Join(" ", problems)}");
        });
    }

    /// <summary>
    /// Checks the values given to <paramref name="parameters"/> on <paramref name="command"/> against their record's own
    /// constraints while the command line is parsed (<see cref="OptionsBinder.Problems"/> on <paramref name="defaults"/>),
    /// so a value out of range is a usage error (exit 2) in the record's words, every problem in one line, each after the
    /// option that causes it.
    /// </summary>
    public static void CheckTogether(Command command, ICheckedOptions defaults, IReadOnlyList<ParameterOption> parameters)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(parameters);
        command.Validators.Add(result =>
        {
            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var parameter in parameters)
            {
                if (result.GetResult(parameter.Option) is not { Implicit: false } option || ReadChecked(parameter, option) is not { } text) continue;
                given[parameter.Parameter.Name] = text;
                tokens[parameter.Parameter.Name] = string.Join(" ", option.Tokens.Select(t => t.Value).Prepend(parameter.Option.Name));
            }
            var problems = OptionsBinder.Problems(defaults, given);
            if (problems.Count > 0)
                result.AddError(string.Join(" ", problems.GroupBy(p => p.Name).Select(group =>
                    $"{tokens[group.Key]}: {string.Join(" ", group.Select(p => p.Problem))}")));
        });
    }

    /// <summary>The option's value as text; null when it did not parse (the parser reports that itself).</summary>
    private static string? ReadChecked(ParameterOption parameter, OptionResult option)
    {
        try
        {
            return parameter.ReadGiven(option);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The option of <paramref name="parameter"/>.</summary>
    /// <exception cref="InvalidOperationException">The parameter has no description (a programmer error the CLI tests catch).</exception>
    public static ParameterOption Create(OptionsParameter parameter, OptionHint? hint = null)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        hint ??= new OptionHint();
        // The usual value types are named here, so the ReadyToRun build compiles their options ahead of time; any other
        // type (an enum) has its option made by reflection, the same code compiled when first used.
        Type type = parameter.ValueType;
        if (type == typeof(int)) return Typed<int>(parameter, hint);
        if (type == typeof(int?)) return Typed<int?>(parameter, hint);
        if (type == typeof(long)) return Typed<long>(parameter, hint);
        if (type == typeof(long?)) return Typed<long?>(parameter, hint);
        if (type == typeof(ulong)) return Typed<ulong>(parameter, hint);
        if (type == typeof(ulong?)) return Typed<ulong?>(parameter, hint);
        if (type == typeof(double)) return Typed<double>(parameter, hint);
        if (type == typeof(double?)) return Typed<double?>(parameter, hint);
        if (type == typeof(bool)) return Typed<bool>(parameter, hint);
        if (type == typeof(bool?)) return Typed<bool?>(parameter, hint);
        if (type == typeof(string)) return Typed<string>(parameter, hint);
        var make = typeof(ParameterOption).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type);
        return (ParameterOption)make.Invoke(null, [parameter, hint])!;
    }

    /// <summary>
    /// The values of <paramref name="parameters"/> given on the command line, by their snake_case names, for
    /// <see cref="OptionsBinder.Bind"/>; a notice on <paramref name="log"/> for each given under an earlier name.
    /// </summary>
    public static Dictionary<string, string> GivenValues(ParseResult parse, IEnumerable<ParameterOption> parameters, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(log);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (parameter.Given(parse) is not { } text) continue;
            given[parameter.Parameter.Name] = text;
            if (parameter.GivenUnderOldName(parse))
                log.WriteLine($"memlab: {parameter.OldName} is the earlier name of {parameter.Option.Name}; it still works, but write {parameter.Option.Name}.");
        }
        return given;
    }

    /// <summary>The value given on the command line, as the binder reads it; null when the option was left out.</summary>
    public string? Given(ParseResult parse) => parse.GetResult(Option) is { Implicit: false } ? Read(parse) : null;

    /// <summary>The option's earlier name, still accepted; null when it was never renamed.</summary>
    public string? OldName => RenamedParameters.EarlierOption(Parameter.Name);

    /// <summary>Whether the option was given under its earlier name (<see cref="OldName"/>).</summary>
    public bool GivenUnderOldName(ParseResult parse) =>
        OldName is { } old && parse.GetResult(Option)?.IdentifierToken?.Value == old;

    private static ParameterOption Typed<T>(OptionsParameter parameter, OptionHint hint)
    {
        string name = OptionsBinder.CommandLineName(parameter.Name);
        string description = parameter.Description
            ?? throw new InvalidOperationException($"Parameter {parameter.Name} has no [Description] in its options record; the command's --help needs one.");
        string? oldName = RenamedParameters.EarlierOption(parameter.Name);
        string[] aliases = new[] { hint.Alias, oldName }.OfType<string>().ToArray();
        var words = hint.Values ?? EnumWords(typeof(T));
        var option = new Option<T>(name, aliases)
        {
            Description = oldName is null ? description : $"{description.TrimEnd('.')} ({oldName} is its earlier name).",
            Required = parameter.Required,
            HelpName = hint.HelpName ?? (words is null ? null : string.Join("|", words)),
        };
        if (hint.Default is { } text) option.DefaultValueFactory = _ => (T)(object)text;
        else if (parameter.Default is T value) option.DefaultValueFactory = _ => value;
        if ((Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)) is { IsEnum: true } enumType)
            option.CustomParser = result => EnumWord<T>(result, name, enumType, words!);
        else if (words is not null) option.AcceptOnlyFromAmong([.. words]);
        if (typeof(T) == typeof(string))
            option.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0 && result.GetValueOrDefault<string>() is { } given && parameter.Problem(given) is { } problem)
                    result.AddError($"{name} {given} is not valid; {problem.TrimEnd('.')}.");
            });
        var made = new ParameterOption(parameter, hint, option, parse => Format(parse.GetValue(option)), result => Format(result.GetValueOrDefault<T>()));
        Made.AddOrUpdate(option, made);
        return made;
    }

    /// <summary>The enum member one of <paramref name="words"/> names, in any letter case; an error naming the option and the words otherwise.</summary>
    private static T EnumWord<T>(System.CommandLine.Parsing.ArgumentResult result, string name, Type enumType, IReadOnlyList<string> words)
    {
        string text = result.Tokens.Single().Value;
        if (!words.Contains(text.ToLowerInvariant()))
        {
            result.AddError($"{name} {text} is not valid; expected one of {string.Join(", ", words)}.");
            return default!;
        }
        return (T)Enum.Parse(enumType, text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);
    }

    /// <summary>The words of an enum type (or a nullable one), kebab-case as the binder reads them; null for other types.</summary>
    private static IReadOnlyList<string>? EnumWords(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } enumType
            ? Enum.GetNames(enumType).Select(JsonNamingPolicy.KebabCaseLower.ConvertName).ToList()
            : null;

    private static string? Format(object? value) => value switch
    {
        null => null,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        Enum word => JsonNamingPolicy.KebabCaseLower.ConvertName(word.ToString()),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
