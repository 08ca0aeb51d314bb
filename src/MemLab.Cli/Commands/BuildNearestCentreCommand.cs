using System.CommandLine;
using System.Globalization;
using MemLab.Constructions;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build nearest-centre --data SPEC --radius R|auto|adaptive ...</c>: the Yu-Gao-Zhang-Miao nearest-centre network, verified, reported and saved.</summary>
internal static class BuildNearestCentreCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new NearestCentreOptions();
        var radius = new Option<string>(OptionsBinder.CommandLineName<NearestCentreOptions>(nameof(NearestCentreOptions.Radius)), "-r")
        {
            Description = "Cover radius: auto (fraction x delta, delta = the smallest distance between classes), adaptive (fraction x each " +
                "point's distance to the other classes: fewer centres, the same guarantee), or a number below delta.",
            DefaultValueFactory = _ => "auto",
            HelpName = "auto|adaptive|R",
        };
        var fraction = new Option<double>(OptionsBinder.CommandLineName<NearestCentreOptions>(nameof(NearestCentreOptions.Fraction)), "--fraction")
        {
            Description = "The fraction used by auto and adaptive, in [0, 1) (--fraction is its earlier name).",
            DefaultValueFactory = _ => defaults.Fraction,
        };
        var order = new Option<CentreOrder>(OptionsBinder.CommandLineName<NearestCentreOptions>(nameof(NearestCentreOptions.Order)))
        {
            Description = "Order of the greedy scan: data (data order) or shuffled (a permutation drawn from --seed).",
            DefaultValueFactory = _ => defaults.Order,
            HelpName = "data|shuffled",
        };
        order.AcceptOnlyFromAmong("data", "shuffled");
        var maxParameters = new Option<long>(OptionsBinder.CommandLineName<NearestCentreOptions>(nameof(NearestCentreOptions.MaxParameters)))
        {
            Description = "Refuse to build a larger network (about d + 1 per centre: the score layer, and a few per centre in the sparse max-tree).",
            DefaultValueFactory = _ => defaults.MaxParameters,
        };
        return ConstructionCommand.Create<NearestCentreOptions, NearestCentreDetails>(environment,
            "Yu, Gao, Zhang, Miao (2024) generalizable memorization: a greedy cover of the training set by centres (a point becomes a " +
            "centre when no centre of its class lies within the radius) and a ReLU network computing the nearest centre's label (affine " +
            "scores 2 c.x - |c|^2, a max-tree per class, argmax). Prints centres per class, radius, depth, widths, parameters, whether it " +
            "memorizes and the build time. Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build nearest-centre --data mnist:split=train,classes=0-1 --radius adaptive --radius-fraction 0.9 -o m01.safetensors",
            "Data spec, e.g. mnist:split=train,classes=0-1.",
            "Seed of the shuffled scan order.",
            [radius, fraction, order, maxParameters],
            parse => new NearestCentreOptions
            {
                Fraction = parse.GetValue(fraction),
                Order = parse.GetValue(order),
                MaxParameters = parse.GetValue(maxParameters),
            }.WithRadius(parse.GetRequiredValue(radius)),
            RowsBeforeSizes,
            null);
    }

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput<NearestCentreOptions> result, NearestCentreDetails details)
    {
        string radius = details.Rule switch
        {
            RadiusRule.Auto => $"{BuildReportView.Number(details.Radius!.Value)} (auto: {Fraction(details)} x delta)",
            RadiusRule.Fixed => $"{BuildReportView.Number(details.Radius!.Value)} (fixed; must be below delta)",
            _ => $"{BuildReportView.Number(details.MinRadius!.Value)} to {BuildReportView.Number(details.MaxRadius!.Value)} " +
                $"(adaptive: {Fraction(details)} x each point's distance to the other classes)",
        };
        table.AddRow("radius", Markup.Escape(radius));
        table.AddRow("class separation delta", Markup.Escape(
            $"{BuildReportView.Number(details.ClassSeparation)} (samples {details.ClassSeparationPair.First} and {details.ClassSeparationPair.Second})"));
        table.AddRow("centres per class", Markup.Escape(
            $"{string.Join(", ", details.CentresPerClass)} ({BuildReportView.Count(details.CentreCount)} in all, {details.Order.ToString().ToLowerInvariant()} order, seed {result.Seed})"));
        table.AddRow("depth", $"{details.Depth} layers");
    }

    private static string Fraction(NearestCentreDetails details) => details.Fraction!.Value.ToString("G3", CultureInfo.InvariantCulture);
}
