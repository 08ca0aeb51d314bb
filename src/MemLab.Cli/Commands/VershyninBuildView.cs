using System.Globalization;
using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build vershynin</c>: Vershynin's enrichment and perception construction, its help texts and table rows.</summary>
internal static class VershyninBuildView
{
    public static BuildView View { get; } = BuildView.Of<VershyninOptions, VershyninDetails>(
        "Vershynin (2020) construction: sparse random threshold (or ReLU) enrichment I and II folded into the first two layers, " +
        "mirror-perceptron pairs over batches of one class with Rademacher signs and calibrated thresholds, stacked over deeper " +
        "layers in proportion to their connections, and an OR output. Inputs are normalized to unit norm when they are not. " +
        "Prints the separation and its predicted requirement, deep connections W, code orthogonality per stage, threshold margins " +
        "and the float64 verification. Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build vershynin --data sphere:n=2000,d=32,separation=0.5 --arch 32,1000,1000,400,1 -o vershynin.safetensors",
        "Data spec with binary labels, e.g. sphere:n=2000,d=32,separation=0.5,seed=0.",
        "Seed of the enrichment matrices and the Rademacher signs.",
        RowsBeforeSizes,
        RowsAfterSizes,
        new Dictionary<string, OptionHint>
        {
            ["arch"] = new(HelpName: "d,m1,m2,...,1"),
        });

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput result, VershyninOptions options, VershyninDetails details)
    {
        table.AddRow("sparsity", $"p1 {N(details.Sparsity1)}, p2 {N(details.Sparsity2)}, batch {(options.BatchSize is { } b ? b.ToString(CultureInfo.InvariantCulture) : "auto")}");
        table.AddRow("inputs", details.InputsNormalized
            ? $"normalized to unit norm (largest | |x| - 1 | was {N(details.LargestNormDeviation)}); verify with scale=unit-rows"
            : $"unit vectors, used as given (largest | |x| - 1 | = {N(details.LargestNormDeviation)})");
        table.AddRow("separation delta", Markup.Escape(
            $"{N(details.Separation)} (predicted requirement >= {N(details.RequiredSeparation)}; closest pair's predicted code cosine " +
            $"{N(details.PredictedCosineAfterEnrichment[0])} after I, {N(details.PredictedCosineAfterEnrichment[1])} after II)"));
    }

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput result, VershyninOptions options, VershyninDetails details)
    {
        table.AddRow("deep connections W", $"{BuildReportView.Count(details.DeepConnections)} (W / N = {N(details.ConnectionsPerPoint)})");
        table.AddRow("memorized class", $"class {details.PositiveClass}: {BuildReportView.Count(details.PositiveCount)} points in {details.Thresholds.Count} batches");
        foreach (var layer in details.Layers)
            table.AddRow($"layer {layer.Layer}", Markup.Escape(
                $"{layer.Pairs} pairs, {layer.Points} points in {layer.Batches} batches (largest {layer.LargestBatch}; predicted bound {N(layer.PredictedBatchSize)}), " +
                (layer.CodeWidth == 0 ? "last layer" : $"code {layer.CodeWidth} {(layer.ReEnriched ? "re-enriched" : "carried")}")));
        foreach (var stage in details.Orthogonality)
            table.AddRow($"orthogonality: {stage.Stage}", Markup.Escape(
                $"max {N(stage.MaxCosine)}, mean {N(stage.MeanCosine)} ({stage.Width} units; pairs among {BuildReportView.Count(stage.Points)} points)"));
        if (details.Thresholds.Count > 0)
        {
            var margins = details.Thresholds.Select(t => t.Margin).Order().ToList();
            int redrawn = details.Thresholds.Count(t => t.Draws > 1);
            table.AddRow("threshold margins", $"smallest {N(margins[0])}, median {N(margins[margins.Count / 2])} (relative gap around theta, over {margins.Count} batches; {redrawn} drew new signs)");
        }
        if (details.UnseparatedIndices.Count > 0) table.AddRow("unseparated in their batch", BuildReportView.Indices(details.UnseparatedIndices));
    }

    private static string N(double value) => BuildReportView.Number(value);
}
