using System.CommandLine;
using System.Globalization;
using MemLab.Constructions;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build finke --data SPEC ...</c>: the Dirksen-Finke-Genzel construction, verified, reported and saved.</summary>
internal static class BuildFinkeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new FinkeOptions();
        var width = new Option<int>(OptionsBinder.CommandLineName<FinkeOptions>(nameof(FinkeOptions.Width)), "-n") { Description = "First-layer width n (>= 1).", DefaultValueFactory = _ => defaults.Width };
        var lambda = new Option<double>(OptionsBinder.CommandLineName<FinkeOptions>(nameof(FinkeOptions.Lambda)))
        {
            Description = "Biases ~ Uniform[-lambda, lambda] on data scaled into the unit ball (>= 0; 0.5-1 for centred data such as moons, 0 for MNIST).",
            DefaultValueFactory = _ => defaults.Lambda,
        };
        var activation = new Option<Activation>(OptionsBinder.CommandLineName<FinkeOptions>(nameof(FinkeOptions.Activation)))
        {
            Description = "First-layer nonlinearity.",
            DefaultValueFactory = _ => defaults.Activation,
            HelpName = "threshold|relu",
        };
        activation.AcceptOnlyFromAmong("threshold", "relu");
        var cover = new Option<Cover>(OptionsBinder.CommandLineName<FinkeOptions>(nameof(FinkeOptions.Cover)))
        {
            Description = "How the second layer is pruned: greedy (fewest neurons), random (the authors' randomized cover), none (one neuron per point).",
            DefaultValueFactory = _ => defaults.Cover,
            HelpName = "greedy|random|none",
        };
        var reach = new Option<CoverReach?>(OptionsBinder.CommandLineName<FinkeOptions>(nameof(FinkeOptions.Reach)))
        {
            Description = "How far each second-layer neuron reaches: full (fire below m; the paper's widths; threshold only) or half " +
                "(fire below m/2; a wider margin, about 4x the neurons). Default: full for threshold, half for relu.",
            HelpName = "full|half",
        };
        return ConstructionCommand.Create<FinkeOptions, FinkeDetails>(environment,
            "Dirksen-Finke-Genzel (2024) randomized construction: a random threshold (or ReLU) first layer, one threshold " +
            "neuron per chosen point, pruned by a set cover, and an OR output (one-vs-rest with argmax for K > 2 classes). " +
            "Prints widths, parameters, whether it memorizes, failures, uncoverable points, the margin and the build time. " +
            "Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build finke --data moons:n=1000,noise=0.05,seed=0 --width 200 --lambda 0.5 -o moons.safetensors",
            "Data spec, e.g. moons:n=1000,noise=0.05,seed=0.",
            "Seed of the random first layer and the random cover.",
            [width, lambda, activation, cover, reach],
            parse => new FinkeOptions
            {
                Width = parse.GetValue(width),
                Lambda = parse.GetValue(lambda),
                Activation = parse.GetValue(activation),
                Cover = parse.GetValue(cover),
                Reach = parse.GetValue(reach),
            },
            RowsBeforeSizes,
            RowsAfterSizes);
    }

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput<FinkeOptions> result, FinkeDetails details)
    {
        table.AddRow("options", Markup.Escape(
            $"width {result.Options.Width}, lambda {result.Options.Lambda.ToString(CultureInfo.InvariantCulture)}, " +
            $"{result.Options.Activation.ToString().ToLowerInvariant()}, {result.Options.Cover.ToString().ToLowerInvariant()} cover, {result.Options.EffectiveReach.ToString().ToLowerInvariant()} reach, seed {result.Seed}"));
    }

    /// <summary>The rows between the sizes and the verification.</summary>
    private static void RowsAfterSizes(Table table, BuildOutput<FinkeOptions> result, FinkeDetails details)
    {
        table.AddRow("pruned width per class", string.Join(", ", details.PrunedWidthPerClass));
        if (details.UncoverableIndices.Count > 0) table.AddRow("uncoverable (m = 0)", BuildReportView.Indices(details.UncoverableIndices));
    }
}
