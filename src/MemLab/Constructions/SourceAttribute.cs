namespace MemLab.Constructions;

/// <summary>
/// Names the publication a construction implements; <see cref="ConstructionReport.Source"/> copies it, and a
/// convention test can require it on every construction.
/// </summary>
/// <param name="citation">Authors, year, title and venue, as printed.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SourceAttribute(string citation) : Attribute
{
    /// <summary>Authors, year, title and venue.</summary>
    public string Citation { get; } = citation;

    /// <summary>The algorithm or theorem number as printed in the source, when there is one.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The citation and algorithm of <paramref name="construction"/> in one line.</summary>
    /// <exception cref="ArgumentException">The type carries no <see cref="SourceAttribute"/> (a programmer error).</exception>
    public static string Describe(Type construction)
    {
        ArgumentNullException.ThrowIfNull(construction);
        var source = (SourceAttribute?)GetCustomAttribute(construction, typeof(SourceAttribute))
            ?? throw new ArgumentException($"{construction.Name} has no [Source] attribute.", nameof(construction));
        return source.Algorithm is null ? source.Citation : $"{source.Citation}, {source.Algorithm}";
    }
}
