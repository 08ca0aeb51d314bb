using System.Globalization;
using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build nearest-centre</c>: the Yu-Gao-Zhang-Miao nearest-centre network, its help texts and table rows.</summary>
internal static class NearestCentreBuildView
{
    public static BuildView View { get; } = BuildView.Of<NearestCentreOptions, NearestCentreDetails>(
        "Yu, Gao, Zhang, Miao (2024) generalizable memorization: a greedy cover of the training set by centres (a point becomes a " +
        "centre when no centre of its class lies within the radius) and a ReLU network computing the nearest centre's label (affine " +
        "scores 2 c.x - |c|^2, a max-tree per class, argmax). Prints centres per class, radius, depth, widths, parameters, whether it " +
        "memorizes and the build time. Exit code 0 when memorized, 3 when not.\n" +
        "Example: memlab build nearest-centre --data mnist:split=train,classes=0-1 --radius adaptive --radius-fraction 0.9 -o m01.safetensors",
        "Data spec, e.g. mnist:split=train,classes=0-1.",
        "Seed of the shuffled scan order.",
        RowsBeforeSizes,
        null,
        new Dictionary<string, OptionHint>
        {
            ["radius"] = new(Alias: "-r", HelpName: "auto|adaptive|R", Default: "auto"),
        });

    /// <summary>The rows between the data and the sizes.</summary>
    private static void RowsBeforeSizes(Table table, BuildOutput result, NearestCentreOptions options, NearestCentreDetails details)
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
