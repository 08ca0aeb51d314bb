using System.CommandLine;
using System.Diagnostics;
using MemLab.Constructions;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build bubeck --data SPEC ...</c>: the Bubeck-Eldan-Lee-Mikulincer ReLU construction, verified, reported and saved.</summary>
internal static class BuildBubeckCommand
{
    /// <summary>The JSON body of <c>build bubeck</c>.</summary>
    internal sealed record BuildBubeckResult(DataSummary Data, BubeckOptions Options, ulong Seed, string? Model, double BuildSeconds,
        ConstructionReport Report);

    public static Command Create(CliEnvironment environment)
    {
        var defaults = new BubeckOptions();
        var data = new Option<string>("--data", "-d") { Description = "Data spec with real targets or class labels, e.g. gaussian:n=2000,d=20,labels=random.", Required = true };
        var safety = new Option<double>("--rounding-safety")
        {
            Description = "Each group's eps must be this many times its float64 rounding bound, else the group is regrouped (>= 1).",
            DefaultValueFactory = _ => defaults.RoundingSafety,
        };
        var tolerance = new Option<double>("--tolerance")
        {
            Description = "Real targets: the largest |f(x) - y| that counts as memorized (>= 0).",
            DefaultValueFactory = _ => defaults.Tolerance,
        };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the grouping and the virtual padding points.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var command = new Command("bubeck",
            "Bubeck, Eldan, Lee, Mikulincer (2020): all points in groups of d (r after a PCA projection), four ReLU units per group " +
            "that reproduce the group's targets and vanish on every other point (2 + 2K units for K outputs). Real targets are " +
            "interpolated; two classes through -1/+1 and the sign; K classes through one-hot codes and argmax. Prints widths, " +
            "parameters, parameters / N, the smallest eps and delta, the largest output weight, the max error or margin and " +
            "whether it memorizes. Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build bubeck --data gaussian:n=2000,d=20,targets=uniform -o bubeck.safetensors")
        { data, safety, tolerance, seed, output };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = new BubeckOptions { RoundingSafety = parse.GetValue(safety), Tolerance = parse.GetValue(tolerance) };
            ulong seedValue = parse.GetValue(seed);
            long start = Stopwatch.GetTimestamp();
            var (summary, built) = context.Lab.BuildBubeck(parse.GetRequiredValue(data), options, new Seed(seedValue));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string? path = parse.GetValue(output);
            if (path is not null) NetworkFile.Save(built.Network, path);
            var result = new BuildBubeckResult(summary, options, seedValue, path, seconds, built.Report);
            context.Write("build bubeck", result, console => Render(console, result));
            return built.Report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, BuildBubeckResult result)
    {
        var report = result.Report;
        var details = (BubeckDetails)report.Details;
        BuildReportView.WriteHeadline(console, report.Verification);
        var table = BuildReportView.NewTable(result.Data.Spec);
        table.AddRow("options", $"rounding safety {BuildReportView.Number(result.Options.RoundingSafety)}, tolerance {BuildReportView.Number(result.Options.Tolerance)}, seed {result.Seed}");
        BuildReportView.AddSizeRows(table, report);
        table.AddRow("targets", $"{details.Targets.ToString().ToLowerInvariant()}, {details.OutputCount} output(s), {details.UnitsPerGroup} units per group");
        SlabReportView.AddGeneralPositionRows(table, details.GeneralPosition, details.ParametersPerPoint);
        table.AddRow("smallest delta", BuildReportView.Number(details.SmallestDelta));
        table.AddRow("largest output weight", BuildReportView.Number(details.LargestOutputWeight));
        table.AddRow("rounding error estimate", $"{BuildReportView.Number(details.RoundingErrorEstimate)} (2^-53 x the output terms that cancel)");
        BuildReportView.AddVerificationRows(table, report.Verification);
        BuildReportView.AddRunRows(table, result.BuildSeconds, report.Backend, result.Model);
        console.Write(table);
    }
}
