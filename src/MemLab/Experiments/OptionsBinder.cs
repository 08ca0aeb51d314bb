using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using MemLab.Constructions;

namespace MemLab.Experiments;

/// <summary>
/// Binds a construction's options record to named parameters: one parameter per settable property, named in snake_case
/// after the property (or its <see cref="ParameterNameAttribute"/>) in sweep specs and in kebab-case on the command
/// line (<see cref="CommandLineName"/>), read by the property's type (whole and real numbers, enum words, or the
/// record's own static <c>Parse{Property}(string)</c>); properties that share a name are set together by the record's
/// <c>With{Name}(string)</c>. The ranges stay in the record's
/// <see cref="ConstructionOptions.Validate"/>, which every build runs and which names every problem at once.
/// </summary>
public static class OptionsBinder
{
    /// <summary>The snake_case parameter names of <paramref name="optionsType"/>, in declaration order.</summary>
    public static IReadOnlyList<string> SweepNames(Type optionsType) => Parameters(optionsType).Select(p => p.Name).ToList();

    /// <summary>
    /// Every parameter of the options record <paramref name="defaults"/> belongs to, in declaration order, with its
    /// default taken from <paramref name="defaults"/>: what a front end needs to offer the parameters under these names.
    /// </summary>
    public static IReadOnlyList<OptionsParameter> Describe(ConstructionOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        Type type = defaults.GetType();
        return Parameters(type).Select(parameter =>
        {
            var property = parameter.Properties[0];
            bool readAsText = parameter.Properties.Count > 1 || ParseMethod(type, property) is not null;
            return new OptionsParameter(parameter.Name,
                readAsText ? typeof(string) : property.PropertyType,
                parameter.Properties.Any(IsRequired),
                readAsText ? null : property.GetValue(defaults),
                parameter.Properties.Select(p => p.GetCustomAttribute<DescriptionAttribute>()?.Description).FirstOrDefault(text => text is not null));
        }).ToList();
    }

    /// <summary>The command-line option of property <paramref name="property"/> of <typeparamref name="TOptions"/>, e.g. <c>--sign-draws</c> for <c>SignDraws</c>.</summary>
    /// <exception cref="ArgumentException">The record has no settable property of that name (a programmer error).</exception>
    public static string CommandLineName<TOptions>(string property) where TOptions : ConstructionOptions =>
        CommandLineName(Parameters(typeof(TOptions)).FirstOrDefault(p => p.Properties.Any(info => info.Name == property))?.Name
            ?? throw new ArgumentException($"{typeof(TOptions).Name} has no settable property {property}.", nameof(property)));

    /// <summary>The command-line option of a parameter: <c>sign_draws</c> is <c>--sign-draws</c>.</summary>
    public static string CommandLineName(string sweepName)
    {
        ArgumentNullException.ThrowIfNull(sweepName);
        return "--" + sweepName.Replace('_', '-');
    }

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
        where TOptions : ConstructionOptions
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(values);
        ConstructionOptions options = defaults with { };
        var problems = new List<string>();
        foreach (var parameter in Parameters(defaults.GetType()))
        {
            if (!values.TryGetValue(prefix + parameter.Name, out string? text)) continue;
            if (parameter.Apply(options, text.Trim()) is { } next) options = next;
            else problems.Add(TaskParameters.Invalid(task, prefix + parameter.Name, text).Message);
        }
        if (problems.Count > 0) throw MemLabException.InvalidSpec(string.Join(" ", problems));
        return (TOptions)options;
    }

    /// <summary>
    /// One parameter of an options record: the properties it sets (one, or several that share a name and are set
    /// together by the record's <c>With{Name}(string)</c>, as <c>radius</c> sets the rule and the radius), and how a
    /// value is applied to a copy of the options (null when it does not parse).
    /// </summary>
    private sealed record Parameter(string Name, IReadOnlyList<PropertyInfo> Properties, Func<ConstructionOptions, string, ConstructionOptions?> Apply);

    private static List<Parameter> Parameters(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        return optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true })
            .OrderBy(property => property.MetadataToken)
            .GroupBy(property => property.GetCustomAttribute<ParameterNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name))
            .Select(group => group.Count() == 1 ? PropertyParameter(optionsType, group.Key, group.Single()) : SharedParameter(optionsType, group.Key, group.ToList()))
            .ToList();
    }

    private static Parameter PropertyParameter(Type optionsType, string name, PropertyInfo property)
    {
        var read = Reader(optionsType, property);
        return new Parameter(name, [property], (options, text) =>
        {
            if (read(text) is not { } value) return null;
            property.SetValue(options, value);
            return options;
        });
    }

    /// <exception cref="InvalidOperationException">The record has no <c>With{Name}(string)</c> for properties that share a name (a programmer error).</exception>
    private static Parameter SharedParameter(Type optionsType, string name, IReadOnlyList<PropertyInfo> properties)
    {
        string method = "With" + string.Concat(name.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
        var with = optionsType.GetMethod(method, BindingFlags.Public | BindingFlags.Instance, [typeof(string)]);
        if (with is null || !optionsType.IsAssignableFrom(with.ReturnType))
            throw new InvalidOperationException(
                $"{optionsType.Name}: {string.Join(" and ", properties.Select(p => p.Name))} share the parameter {name}, so the record needs {method}(string).");
        return new Parameter(name, properties, (options, text) => (ConstructionOptions?)Invoke(with, options, text));
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

    /// <summary>How a text value of <paramref name="property"/> is read: null when it does not parse.</summary>
    /// <exception cref="InvalidOperationException">A property of a type no rule reads (a programmer error the binder tests catch).</exception>
    private static Func<string, object?> Reader(Type optionsType, PropertyInfo property)
    {
        if (ParseMethod(optionsType, property) is { } parse) return text => Invoke(parse, null, text);
        Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(int)) return text => TaskParameters.WholeNumber(text);
        if (type == typeof(long))
            return text => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null;
        if (type == typeof(double)) return text => TaskParameters.RealNumber(text);
        if (type.IsEnum)
            return text => !text.Any(char.IsAsciiDigit) && Enum.TryParse(type, text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out object? value)
                && Enum.IsDefined(type, value) ? value : null;
        throw new InvalidOperationException($"{optionsType.Name}.{property.Name} has type {property.PropertyType.Name}, which no parameter rule reads; add a static Parse{property.Name}(string).");
    }
}
