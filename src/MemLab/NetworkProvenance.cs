namespace MemLab;

/// <summary>
/// How a <see cref="Network"/> was made: enough to rebuild it. Saved in the model file's header.
/// </summary>
/// <param name="Method">The construction or trainer id, for example "finke" or "gd".</param>
/// <param name="OptionsJson">The method's options serialized as JSON ("{}" when none).</param>
/// <param name="Seed">The run's seed, when the method is randomized.</param>
/// <param name="DataSpec">The data spec the network was built from, when known.</param>
/// <param name="DataHash">The <see cref="Dataset.ContentHash"/> of that data, when known.</param>
/// <param name="MemLabVersion">The memlab version that built it.</param>
public sealed record NetworkProvenance(string Method, string OptionsJson, ulong? Seed, string? DataSpec, string? DataHash,
    [property: System.Text.Json.Serialization.JsonPropertyName("memlab_version")] string MemLabVersion)
{
    /// <summary>The version of the memlab library that is running.</summary>
    public static string CurrentVersion { get; } =
        typeof(NetworkProvenance).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Provenance for a network written by hand in code or tests.</summary>
    public static NetworkProvenance Manual(string description = "manual") => new(description, "{}", null, null, null, CurrentVersion);

    /// <summary>Provenance for a network built from <paramref name="data"/> by <paramref name="method"/>.</summary>
    public static NetworkProvenance For(string method, string optionsJson, Seed? seed, Dataset data) =>
        new(method, optionsJson, seed?.Value, data.Provenance.Spec, data.ContentHash(), CurrentVersion);
}
