using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build finke</c>: the Dirksen-Finke-Genzel construction, its help texts and table rows.</summary>
internal static class FinkeBuildView
{
    public static BuildView View { get; } = BuildView.Of<FinkeOptions, FinkeDetails>(
        "Dirksen-Finke-Genzel (2024) randomized construction: a random threshold (or ReLU) first layer, one threshold " +
        "neuron per chosen point, pruned by a set cover, and an OR output (one-vs-rest with argmax for K > 2 classes). " +
        "Prints widths, parameters, whether it memorizes, failures, uncoverable points, the margin and the build time. " +
        "Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build finke --data moons:n=1000,noise=0.05,seed=0 --width 200 --lambda 0.5 -o moons.safetensors",
        "Data spec, e.g. moons:n=1000,noise=0.05,seed=0.",
        "Seed of the random first layer and the random cover.",
        null,
        RowsAfterSizes,
        new Dictionary<string, OptionHint>
        {
            ["width"] = new(Alias: "-n"),
            ["activation"] = new(Values: ["threshold", "relu"]),
        });

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput result, FinkeOptions options, FinkeDetails details)
    {
        table.AddRow("pruned width per class", $"{string.Join(", ", details.PrunedWidthPerClass)} ({options.EffectiveReach.ToString().ToLowerInvariant()} reach)");
        if (details.UncoverableIndices.Count > 0) table.AddRow("uncoverable (m = 0)", BuildReportView.Indices(details.UncoverableIndices));
    }
}
