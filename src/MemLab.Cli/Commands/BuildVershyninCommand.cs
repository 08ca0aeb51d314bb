using System.CommandLine;
using System.Globalization;
using MemLab.Constructions;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build vershynin --data SPEC --arch d,m1,...,1 ...</c>: Vershynin's enrichment and perception construction, verified, reported and saved.</summary>
internal static class BuildVershyninCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var arch = new Option<string>(OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.Architecture)))
        {
            Description = "Layer sizes d,m1,m2,...,mL,1 with L >= 3 hidden layers: enrichment I, enrichment II, then perception layers (stacked when L > 3).",
            Required = true,
            HelpName = "d,m1,m2,...,1",
        };
        var activation = new Option<VershyninActivation>(OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.Activation)))
        {
            Description = "threshold: threshold units everywhere; relu: ReLU hidden layers; mixed: ReLU enrichment layers, threshold perception.",
            DefaultValueFactory = _ => VershyninActivation.Threshold,
            HelpName = "threshold|relu|mixed",
        };
        activation.AcceptOnlyFromAmong("threshold", "relu", "mixed");
        var p1 = new Option<double?>(OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.Sparsity1))) { Description = $"Enrichment-I sparsity in (0, 1/2]. Default min(1/2, {VershyninOptions.ActiveUnits}/m1) for threshold, min(1/2, max({VershyninOptions.ReluSparsity}, {VershyninOptions.ActiveUnits}/m1)) for ReLU stages." };
        var p2 = new Option<double?>(OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.Sparsity2))) { Description = $"Enrichment-II (and re-enrichment) sparsity in (0, 1/2]. Default min(1/2, {VershyninOptions.ActiveUnits}/m) per threshold stage, min(1/2, max({VershyninOptions.ReluSparsity}, {VershyninOptions.ActiveUnits}/m)) per ReLU stage." };
        var batch = new Option<int?>(OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.BatchSize))) { Description = "Largest batch per mirror-perceptron pair (>= 1). Default: spread the points over every pair." };
        var draws = new Option<int>(OptionsBinder.CommandLineName<VershyninOptions>(nameof(VershyninOptions.SignDraws)))
        {
            Description = "Sign vectors a batch may draw when it does not separate from the other class (>= 1; 1 = the paper's single draw).",
            DefaultValueFactory = _ => new VershyninOptions { Architecture = [] }.SignDraws,
        };
        return ConstructionCommand.Create<VershyninOptions, VershyninDetails>(environment,
            "Vershynin (2020) construction: sparse random threshold (or ReLU) enrichment I and II folded into the first two layers, " +
            "mirror-perceptron pairs over batches of one class with Rademacher signs and calibrated thresholds, stacked over deeper " +
            "layers in proportion to their connections, and an OR output. Inputs are normalized to unit norm when they are not. " +
            "Prints the separation and its predicted requirement, deep connections W, code orthogonality per stage, threshold margins " +
            "and the float64 verification. Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build vershynin --data sphere:n=2000,d=32,separation=0.5 --arch 32,1000,1000,400,1 -o vershynin.safetensors",
            "Data spec with binary labels, e.g. sphere:n=2000,d=32,separation=0.5,seed=0.",
            "Seed of the enrichment matrices and the Rademacher signs.",
            [arch, activation, p1, p2, batch, draws],
            parse => new VershyninOptions
            {
                Architecture = VershyninOptions.ParseArchitecture(parse.GetRequiredValue(arch)),
                Activation = parse.GetValue(activation),
                Sparsity1 = parse.GetValue(p1),
                Sparsity2 = parse.GetValue(p2),
                BatchSize = parse.GetValue(batch),
                SignDraws = parse.GetValue(draws),
            },
            RowsBeforeSizes,
            RowsAfterSizes);
    }

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput<VershyninOptions> result, VershyninDetails details)
    {
        var options = result.Options;
        table.AddRow("options", Markup.Escape(
            $"arch {string.Join(",", options.Architecture)}, {options.Activation.ToString().ToLowerInvariant()}, sign draws {options.SignDraws}, " +
            $"p1 {N(details.Sparsity1)}, p2 {N(details.Sparsity2)}, batch {(options.BatchSize is { } b ? b.ToString(CultureInfo.InvariantCulture) : "auto")}, seed {result.Seed}"));
        table.AddRow("inputs", details.InputsNormalized
            ? $"normalized to unit norm (largest | |x| - 1 | was {N(details.LargestNormDeviation)}); verify with scale=unit-rows"
            : $"unit vectors, used as given (largest | |x| - 1 | = {N(details.LargestNormDeviation)})");
        table.AddRow("separation delta", Markup.Escape(
            $"{N(details.Separation)} (predicted requirement >= {N(details.RequiredSeparation)}; closest pair's predicted code cosine " +
            $"{N(details.PredictedCosineAfterEnrichment[0])} after I, {N(details.PredictedCosineAfterEnrichment[1])} after II)"));
    }

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput<VershyninOptions> result, VershyninDetails details)
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
