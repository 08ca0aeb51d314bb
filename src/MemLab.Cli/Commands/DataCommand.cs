using System.CommandLine;
using System.Globalization;
using MemLab.Data;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab data describe SPEC</c> and <c>memlab data sources</c>.</summary>
internal static class DataCommand
{
    /// <summary>The JSON body of <c>data describe</c>: where the data came from, its geometry, and the gap map's predictors (null with --no-predictors).</summary>
    internal sealed record DescribeResult(DataSummary Data, GeometryReport Geometry, GeometryPredictors? Predictors);

    /// <summary>The JSON body of <c>data sources</c>.</summary>
    internal sealed record SourcesResult(IReadOnlyList<SourceKeys> Sources);

    /// <summary>One data source and the spec keys it accepts.</summary>
    internal sealed record SourceKeys(string Name, IReadOnlyList<string> Keys);

    public static Command Create(CliEnvironment environment) =>
        new("data", "Load, generate and inspect datasets named by spec strings.") { CreateDescribe(environment), CreateSources(environment) };

    private static Command CreateDescribe(CliEnvironment environment)
    {
        var spec = new Argument<string>("spec")
        {
            Description = "Data spec, e.g. moons:n=1000,noise=0.05,seed=0 or mnist:split=train,classes=3-8 ('memlab data sources' lists them).",
        };
        var command = new Command("describe",
            "Report N, d, classes and sizes, numerical rank, the smallest distance between classes (delta) and overall, " +
            "the largest norm, duplicates and conflicting duplicates; then the width predictors of the gap map: effective rank of the covariance, " +
            "the condition number of the centred data, and the smallest eigenvalue of the infinite-width ReLU network's neural-tangent " +
            "Gram matrix (exact up to 8,000 points, on a random 8,000 above; docs/gap-map.md).\n" +
            "Example: memlab data describe moons:n=1000,noise=0.05,seed=0") { spec };
        var noPredictors = new Option<bool>("--no-predictors")
        {
            Description = "Skip the gap-map predictors (the Gram matrix costs N^2 memory, 512 MB at 8,000 points, and an O(N^3) eigenvalue computation).",
        };
        command.Options.Add(noPredictors);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            DataSummary summary;
            GeometryReport geometry;
            GeometryPredictors? predictors = null;
            using (var progress = context.Progress("data describe: pairwise distances"))
            {
                if (parse.GetValue(noPredictors)) (summary, geometry) = context.Lab.Describe(parse.GetRequiredValue(spec), progress);
                else (summary, geometry, predictors) = context.Lab.DescribeWithPredictors(parse.GetRequiredValue(spec), progress);
            }
            context.Write("data describe", new DescribeResult(summary, geometry, predictors), console => Render(console, summary, geometry, predictors));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateSources(CliEnvironment environment)
    {
        var command = new Command("sources", "List the data sources a spec can name and the keys each accepts (docs/data.md, 'Sources').\n" +
            "Example: memlab data sources");
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var result = new SourcesResult(DatasetLoader.SourceNames.Select(s => new SourceKeys(s, DatasetLoader.ValidKeys(s))).ToList());
            context.Write("data sources", result, console =>
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("source").AddColumn("keys");
                foreach (var source in result.Sources) table.AddRow(source.Name, string.Join(", ", source.Keys));
                console.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, DataSummary summary, GeometryReport geometry, GeometryPredictors? predictors)
    {
        console.MarkupLine($"[bold]{Markup.Escape(summary.Spec)}[/]");
        console.MarkupLine(Markup.Escape(summary.Description));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.HideHeaders();
        table.AddRow("points (N)", Format(geometry.SampleCount));
        table.AddRow("dimension (d)", Format(geometry.FeatureCount));
        table.AddRow("numerical rank", Format(geometry.NumericalRank));
        table.AddRow("classes (K)", geometry.ClassCount == 0 ? "real targets" : Format(geometry.ClassCount));
        table.AddRow("min distance between classes (delta)", Distance(geometry.MinDistanceBetweenClasses, geometry.MinDistanceBetweenClassesPair));
        table.AddRow("min distance overall", Distance(geometry.MinDistance, geometry.MinDistancePair));
        table.AddRow("max norm", geometry.MaxNorm.ToString("G6", CultureInfo.InvariantCulture));
        table.AddRow("duplicates", Format(geometry.DuplicateCount));
        table.AddRow("conflicting duplicates", geometry.ConflictingDuplicateCount == 0 ? "0" : $"[red]{Format(geometry.ConflictingDuplicateCount)}[/]");
        if (predictors is not null)
        {
            table.AddRow("effective rank (participation ratio)", Optional(predictors.EffectiveRank));
            table.AddRow("condition number (centred data)", Optional(predictors.ConditionNumber));
            table.AddRow(geometry.ClassCount == 0 ? "min distance (any two targets differ)" : "min distance between labels", Optional(predictors.MinDistanceBetweenLabels));
            table.AddRow("NTK Gram lambda_min" + (predictors.NtkExact ? "" : " (on 8,000 random points: an upper bound)"),
                predictors.NtkSmallestEigenvalue.ToString("G6", CultureInfo.InvariantCulture));
        }
        console.Write(table);
        if (geometry.ClassSizes.Count == 0) return;
        var classes = new Table().Border(TableBorder.Rounded).AddColumn("label").AddColumn("class").AddColumn(new TableColumn("points").RightAligned());
        foreach (var size in geometry.ClassSizes) classes.AddRow(Format(size.Label), Markup.Escape(size.Name), Format(size.Count));
        console.Write(classes);
    }

    private static string Optional(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture) ?? "n/a";

    private static string Format(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Distance(double? distance, SamplePair? pair) => distance is null
        ? "n/a"
        : $"{distance.Value.ToString("G6", CultureInfo.InvariantCulture)} (samples {pair!.Value.First} and {pair.Value.Second})";
}
