using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MemLab.Experiments;

namespace MemLab.Cli.Commands;

/// <summary>
/// The command-line option of one parameter of a construction's options record: named by
/// <see cref="OptionsBinder.CommandLineName(string)"/>, of the parameter's type (so a value of the wrong type is a
/// parse error), with its description and default from the record and the view's <see cref="OptionHint"/>. What the
/// user gave goes back as text to <see cref="OptionsBinder.Bind"/>, the binder sweeps use too. A renamed parameter also
/// takes its earlier name (<see cref="RenamedParameters"/>).
/// </summary>
/// <param name="Parameter">The parameter of the options record.</param>
/// <param name="Hint">The view's hint for it.</param>
/// <param name="Option">The option to add to the command.</param>
/// <param name="Read">The option's value in a parse, given or default, as text the binder reads and the command line takes; null when it has none.</param>
internal sealed record ParameterOption(OptionsParameter Parameter, OptionHint Hint, Option Option, Func<ParseResult, string?> Read)
{
    /// <summary>The option of <paramref name="parameter"/>.</summary>
    /// <exception cref="InvalidOperationException">The parameter has no description (a programmer error the CLI tests catch).</exception>
    public static ParameterOption Create(OptionsParameter parameter, OptionHint hint)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(hint);
        var make = typeof(ParameterOption).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(parameter.ValueType);
        return (ParameterOption)make.Invoke(null, [parameter, hint])!;
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
            ?? throw new InvalidOperationException($"Parameter {parameter.Name} has no [Description] in its options record; the build command's --help needs one.");
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
        if (words is not null) option.AcceptOnlyFromAmong([.. words]);
        return new ParameterOption(parameter, hint, option, parse => Format(parse.GetValue(option)));
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
