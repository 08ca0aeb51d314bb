using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace MemLab.Experiments;

/// <summary>
/// Binds an options record (a construction's, or the trainer's <see cref="Training.TrainOptions"/>) to named
/// parameters: one parameter per settable property not marked <see cref="NotAParameterAttribute"/>, named in snake_case
/// after the property (or its <see cref="ParameterNameAttribute"/>) in sweep specs and in kebab-case on the command
/// line (<see cref="CommandLineName(string)"/>), read by the property's type (text as given, whole and real numbers, enum words, lists
/// of whole numbers separated by commas or 'x', switches as 0/1 or false/true, or the record's own static
/// <c>Parse{Property}(string)</c>, which throws a <see cref="MemLabException"/> saying what a value looks like); properties
/// that share a name are set together by the record's <c>With{Name}(string)</c>. The names are derived here once, so
/// the command line and the sweeps cannot drift apart. The ranges are stated once, in the record's
/// <see cref="ICheckedOptions.Problems"/>: its <c>Validate</c> throws them all at once, and <see cref="Problems"/> gives
/// them to a front end under the parameter that causes each.
/// </summary>
public static class OptionsBinder
{
    /// <summary>The snake_case parameter names of <paramref name="optionsType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> SweepNames(Type optionsType) => Parameters(optionsType).Select(p => p.Name).ToList();

    /// <summary>
    /// Every parameter of the options record <paramref name="defaults"/> belongs to, in declaration order, with its
    /// default taken from <paramref name="defaults"/>: what a front end needs to offer the parameters under these names.
    /// </summary>
    public static IReadOnlyList<OptionsParameter> Describe(object defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        Type type = defaults.GetType();
        return Parameters(type).Select(parameter =>
        {
            var property = parameter.Properties[0];
            bool ownReader = parameter.Properties.Count > 1 || ParseMethod(type, property) is not null;
            bool list = !ownReader && IsWholeNumberList(property.PropertyType);
            bool readAsText = ownReader || list;
            object? value = property.GetValue(defaults);
            return new OptionsParameter(parameter.Name,
                readAsText ? typeof(string) : property.PropertyType,
                parameter.Properties.Any(IsRequired),
                list && value is IEnumerable<int> widths ? string.Join(",", widths) : readAsText ? null : value,
                parameter.Properties.Select(p => p.GetCustomAttribute<DescriptionAttribute>()?.Description).FirstOrDefault(text => text is not null),
                text => Problem(defaults, parameter, text));
        }).ToList();
    }

    /// <summary>The command-line option of property <paramref name="property"/> of <typeparamref name="TOptions"/>, e.g. <c>--sign-draws</c> for <c>SignDraws</c>.</summary>
    /// <exception cref="ArgumentException">The record has no settable property of that name (a programmer error).</exception>
    public static string CommandLineName<TOptions>(string property) where TOptions : class => CommandLineName(SweepName<TOptions>(property));

    /// <summary>The sweep-spec name of property <paramref name="property"/> of <typeparamref name="TOptions"/>, e.g. <c>lr</c> for <c>LearningRate</c>.</summary>
    /// <exception cref="ArgumentException">The record has no settable parameter property of that name (a programmer error).</exception>
    public static string SweepName<TOptions>(string property) where TOptions : class =>
        Parameters(typeof(TOptions)).FirstOrDefault(p => p.Properties.Any(info => info.Name == property))?.Name
            ?? throw new ArgumentException($"{typeof(TOptions).Name} has no settable parameter property {property}.", nameof(property));

    /// <summary>The command-line option of a parameter: <c>sign_draws</c> is <c>--sign-draws</c>.</summary>
    public static string CommandLineName(string sweepName)
    {
        ArgumentNullException.ThrowIfNull(sweepName);
        return "--" + sweepName.Replace('_', '-');
    }

    /// <summary>
    /// The parameters of <paramref name="options"/> as the text <see cref="Bind"/> reads back to the same options, by
    /// snake_case name (numbers round-trip exactly, enums as their kebab-case words, lists of whole numbers joined by
    /// commas; unset nullable properties are left out). Parameters that share a name are written by the record's
    /// <c>{Name}Text()</c>, the inverse of its <c>With{Name}(string)</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The record has a shared parameter without <c>{Name}Text()</c> (a programmer error the contract tests catch).</exception>
    public static IReadOnlyDictionary<string, string> Values(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Type type = options.GetType();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in Parameters(type))
        {
            string? text = parameter.Properties.Count == 1
                ? Text(parameter.Properties[0].GetValue(options))
                : SharedText(type, parameter).Invoke(options, null) as string;
            if (text is not null) values[parameter.Name] = text;
        }
        return values;
    }

    /// <summary>A property value as the binder reads it back; null for null.</summary>
    private static string? Text(object? value) => value switch
    {
        null => null,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "1" : "0",
        Enum word => JsonNamingPolicy.KebabCaseLower.ConvertName(word.ToString()),
        IEnumerable<int> numbers => string.Join(",", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <exception cref="InvalidOperationException">The record has no <c>{Name}Text()</c> for the shared parameter.</exception>
    private static MethodInfo SharedText(Type optionsType, Parameter parameter)
    {
        string method = Pascal(parameter.Name) + "Text";
        return optionsType.GetMethod(method, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is { ReturnType: var type } text && type == typeof(string)
            ? text
            : throw new InvalidOperationException($"{optionsType.Name}: the shared parameter {parameter.Name} needs {method}(), the inverse of With{Pascal(parameter.Name)}(string).");
    }

    /// <summary>A snake_case name in PascalCase: <c>radius_fraction</c> is <c>RadiusFraction</c>.</summary>
    private static string Pascal(string name) => string.Concat(name.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    /// <summary>
    /// A copy of <paramref name="defaults"/> with every parameter of <paramref name="values"/> that names one of its
    /// properties set (others are left for the task; a value is trimmed first).
    /// </summary>
    /// <param name="defaults">The options the grid does not override.</param>
    /// <param name="values">The run's parameters by snake_case name.</param>
    /// <param name="task">The task id, for messages.</param>
    /// <param name="prefix">Put before every name, for a task that binds several constructions' options (<c>finke_</c> gives <c>finke_width</c>).</param>
    /// <exception cref="MemLabException">(InvalidSpec) one or more values do not parse; one message names every one.</exception>
    public static TOptions Bind<TOptions>(TOptions defaults, IReadOnlyDictionary<string, string> values, string task, string prefix = "")
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(values);
        object options = Copy(defaults);
        var problems = new List<string>();
        foreach (var parameter in Parameters(defaults.GetType()))
        {
            if (!values.TryGetValue(prefix + parameter.Name, out string? text)) continue;
            object? next;
            try
            {
                next = parameter.Apply(options, text.Trim());
            }
            catch (MemLabException refusal)
            {
                problems.Add($"{task}: {prefix + parameter.Name}={text} is not valid: {refusal.Message}");
                continue;
            }
            if (next is not null) options = next;
            else problems.Add(TaskParameters.Invalid(task, prefix + parameter.Name, text).Message
                + (parameter.Expected is { } expected ? $" It takes {expected}." : ""));
        }
        if (problems.Count > 0) throw MemLabException.InvalidSpec(string.Join(" ", problems));
        return (TOptions)options;
    }

    /// <summary>
    /// <see cref="Bind"/> for a sweep task's own parameters: the bound options, refused with every problem their record's
    /// constraints (<see cref="ICheckedOptions.Problems"/>) find, as a spec problem of <paramref name="task"/>.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidSpec) a value does not parse, or the options break their record's constraints; one message names every problem.</exception>
    public static TOptions BindChecked<TOptions>(TOptions defaults, IReadOnlyDictionary<string, string> values, string task)
        where TOptions : class, ICheckedOptions
    {
        var options = Bind(defaults, values, task);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? options : throw MemLabException.InvalidSpec($"{task}: {string.Join(" ", problems)}");
    }

    /// <summary>
    /// The problems the record's own constraints (<see cref="ICheckedOptions.Problems"/>) find in <paramref name="defaults"/>
    /// with <paramref name="values"/> bound, each under the given parameter whose value causes it: a problem is named once,
    /// under the first parameter without whose value it goes away (so the ranges a front end checks are the record's, stated once).
    /// Empty when the options are valid, and when a value does not bind (<see cref="Bind"/> names those).
    /// </summary>
    /// <param name="defaults">The options the values are bound onto.</param>
    /// <param name="values">The given values by snake_case name.</param>
    public static IReadOnlyList<(string Name, string Problem)> Problems(ICheckedOptions defaults, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(values);
        List<string>? ProblemsWith(IReadOnlyDictionary<string, string> given)
        {
            try
            {
                return Bind(defaults, given, "").Problems().ToList();
            }
            catch (MemLabException)
            {
                return null;
            }
        }
        if (ProblemsWith(values) is not { Count: > 0 } all) return [];
        var named = new List<(string Name, string Problem)>();
        foreach (string name in values.Keys)
        {
            var without = ProblemsWith(values.Where(v => v.Key != name).ToDictionary(StringComparer.Ordinal)) ?? [];
            named.AddRange(all.Where(problem => !without.Contains(problem) && !named.Any(n => n.Problem == problem)).Select(problem => (name, problem)));
        }
        return named;
    }

    /// <summary>
    /// Why <paramref name="text"/> is not a value of <paramref name="parameter"/> (what a value looks like, or the refusal
    /// of the record's static <c>Parse{Property}</c>); null when it is, and for a parameter the record sets with its
    /// <c>With{Name}</c>, which names its problems when the options are bound.
    /// </summary>
    private static string? Problem(object defaults, Parameter parameter, string text)
    {
        if (parameter.Expected is { } expected) return parameter.Apply(Copy(defaults), text.Trim()) is null ? $"expected {expected}" : null;
        if (parameter.Properties.Count > 1 || ParseMethod(defaults.GetType(), parameter.Properties[0]) is not { } parse) return null;
        try
        {
            Invoke(parse, null, text.Trim());
            return null;
        }
        catch (MemLabException refusal)
        {
            return refusal.Message;
        }
    }

    /// <summary>A copy of the record <paramref name="options"/> (through the copy the compiler gives every record), so binding never changes the defaults.</summary>
    /// <exception cref="InvalidOperationException">The options type is not a record (a programmer error).</exception>
    private static object Copy(object options) =>
        options.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(options, null)
            ?? throw new InvalidOperationException($"{options.GetType().Name} is not a record; the binder sets properties on a copy, which only records give.");

    /// <summary>
    /// One parameter of an options record: the properties it sets (one, or several that share a name and are set
    /// together by the record's <c>With{Name}(string)</c>, as <c>radius</c> sets the rule and the radius), how a
    /// value is applied to a copy of the options (null when it does not parse), and what a value looks like, for the
    /// message when it does not (null where the record's own method explains).
    /// </summary>
    private sealed record Parameter(string Name, IReadOnlyList<PropertyInfo> Properties, Func<object, string, object?> Apply, string? Expected);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyList<Parameter>> ParametersByType = new();

    /// <summary>The parameters of an options record, found by reflection once per type.</summary>
    private static IReadOnlyList<Parameter> Parameters(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        return ParametersByType.GetOrAdd(optionsType, ReflectParameters);
    }

    private static IReadOnlyList<Parameter> ReflectParameters(Type optionsType) =>
        optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } && property.GetCustomAttribute<NotAParameterAttribute>() is null)
            .OrderBy(property => property.MetadataToken)
            .GroupBy(property => property.GetCustomAttribute<ParameterNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name))
            .Select(group => group.Count() == 1 ? PropertyParameter(optionsType, group.Key, group.Single()) : SharedParameter(optionsType, group.Key, group.ToList()))
            .ToList();

    private static Parameter PropertyParameter(Type optionsType, string name, PropertyInfo property)
    {
        var (read, expected) = Reader(optionsType, property);
        return new Parameter(name, [property], (options, text) =>
        {
            if (read(text) is not { } value) return null;
            property.SetValue(options, value);
            return options;
        }, expected);
    }

    /// <exception cref="InvalidOperationException">The record has no <c>With{Name}(string)</c> for properties that share a name (a programmer error).</exception>
    private static Parameter SharedParameter(Type optionsType, string name, IReadOnlyList<PropertyInfo> properties)
    {
        string method = "With" + Pascal(name);
        var with = optionsType.GetMethod(method, BindingFlags.Public | BindingFlags.Instance, [typeof(string)]);
        if (with is null || !optionsType.IsAssignableFrom(with.ReturnType))
            throw new InvalidOperationException(
                $"{optionsType.Name}: {string.Join(" and ", properties.Select(p => p.Name))} share the parameter {name}, so the record needs {method}(string).");
        return new Parameter(name, properties, (options, text) => Invoke(with, options, text), null);
    }

    /// <summary><paramref name="method"/> on <paramref name="target"/> with <paramref name="text"/>, rethrowing its own <see cref="MemLabException"/> as it is.</summary>
    private static object? Invoke(MethodInfo method, object? target, string text)
    {
        try
        {
            return method.Invoke(target, [text]);
        }
        catch (TargetInvocationException error) when (error.InnerException is MemLabException inner)
        {
            ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    /// <summary>Whether <paramref name="property"/> is declared <c>required</c> (the compiler marks it; the attribute is matched by name, as a referenced package defines one too).</summary>
    private static bool IsRequired(PropertyInfo property) =>
        property.CustomAttributes.Any(attribute => attribute.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute");

    /// <summary>The record's static <c>Parse{Property}(string)</c> for <paramref name="property"/>, or null.</summary>
    private static MethodInfo? ParseMethod(Type optionsType, PropertyInfo property) =>
        optionsType.GetMethod($"Parse{property.Name}", BindingFlags.Public | BindingFlags.Static, [typeof(string)]) is { } parse
            && property.PropertyType.IsAssignableFrom(parse.ReturnType) ? parse : null;

    /// <summary>Whether a property of type <paramref name="type"/> holds a list of whole numbers (hidden widths).</summary>
    private static bool IsWholeNumberList(Type type) => type == typeof(int[]) || type == typeof(IReadOnlyList<int>);

    /// <summary>Whole numbers separated by commas or 'x' (<c>160x64</c> in a sweep spec, <c>160,64</c> on the command line), or null when one is not a number.</summary>
    private static int[]? WholeNumbers(string text)
    {
        var numbers = text.Split([',', 'x'], StringSplitOptions.TrimEntries).Select(TaskParameters.WholeNumber).ToArray();
        return numbers.All(n => n is not null) ? numbers.Select(n => n!.Value).ToArray() : null;
    }

    /// <summary>A switch as specs write it (0 or 1) or as the command line gives it (false or true, any letter case); null otherwise.</summary>
    private static object? Flag(string text) => text switch
    {
        "0" => false,
        "1" => true,
        _ => bool.TryParse(text, out bool value) ? value : null,
    };

    /// <summary>
    /// How a text value of <paramref name="property"/> is read (null when it does not parse) and what a value looks
    /// like (null where the record's own parse method explains).
    /// </summary>
    /// <exception cref="InvalidOperationException">A property of a type no rule reads (a programmer error the binder tests catch).</exception>
    private static (Func<string, object?> Read, string? Expected) Reader(Type optionsType, PropertyInfo property)
    {
        if (ParseMethod(optionsType, property) is { } parse) return (text => Invoke(parse, null, text), null);
        Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string)) return (text => text, "text");
        if (type == typeof(int)) return (text => TaskParameters.WholeNumber(text), "a whole number");
        if (type == typeof(long))
            return (text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null, "a whole number");
        if (type == typeof(double)) return (text => TaskParameters.RealNumber(text), "a number");
        if (type == typeof(bool)) return (Flag, "0 or 1 (or false or true)");
        if (IsWholeNumberList(type)) return (WholeNumbers, "whole numbers separated by commas or 'x', for example 160 or 160x64");
        if (type.IsEnum)
            return (text => !text.Any(char.IsAsciiDigit) && Enum.TryParse(type, text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out object? value)
                && Enum.IsDefined(type, value) ? value : null,
                "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName)));
        throw new InvalidOperationException($"{optionsType.Name}.{property.Name} has type {property.PropertyType.Name}, which no parameter rule reads; add a static Parse{property.Name}(string).");
    }
}
