using System.Reflection;

namespace MemLab.Experiments;

/// <summary>
/// The named, versioned sweep specs shipped inside memlab (embedded resources under <c>Experiments/Canned/</c>), which
/// <c>memlab reproduce NAME</c> runs. Adding one is adding its JSON file there.
/// </summary>
public static class CannedSweeps
{
    private const string Prefix = "MemLab.Canned.";

    /// <summary>Every shipped spec, by name.</summary>
    public static IReadOnlyList<SweepSpec> All()
    {
        var assembly = typeof(CannedSweeps).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => SweepSpec.Parse(Read(assembly, name), name[Prefix.Length..]))
            .OrderBy(spec => spec.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The shipped spec named <paramref name="name"/>.</summary>
    /// <exception cref="MemLabException">No shipped spec has that name; the message lists them.</exception>
    public static SweepSpec Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var all = All();
        return all.FirstOrDefault(spec => spec.Name == name)
            ?? throw MemLabException.InvalidOptions(
                $"No shipped experiment is named '{name}'; available: {string.Join(", ", all.Select(s => s.Name))} ('memlab reproduce --list' describes them).");
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
