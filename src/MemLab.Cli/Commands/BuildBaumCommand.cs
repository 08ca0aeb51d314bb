using System.CommandLine;
using System.Diagnostics;
using MemLab.Constructions;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build baum --data SPEC ...</c>: Baum's threshold-slab construction, verified, reported and saved.</summary>
internal static class BuildBaumCommand
{
    /// <summary>The JSON body of <c>build baum</c>.</summary>
    internal sealed record BuildBaumResult(DataSummary Data, BaumOptions Options, ulong Seed, string? Model, double BuildSeconds,
        ConstructionReport Report);

    public static Command Create(CliEnvironment environment)
    {
        var defaults = new BaumOptions();
        var data = new Option<string>("--data", "-d") { Description = "Data spec with two classes, e.g. gaussian:n=2000,d=20,labels=random.", Required = true };
        var safety = new Option<double>("--rounding-safety")
        {
            Description = "Each group's eps must be this many times its float64 rounding bound, else the group is regrouped (>= 1).",
            DefaultValueFactory = _ => defaults.RoundingSafety,
        };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the grouping and the virtual padding points.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var command = new Command("baum",
            "Baum (1988): the smaller class in groups of d points (r after a PCA projection when the data lies in a subspace), " +
            "two threshold units per group that fire exactly on the slab around the group's hyperplane, and an OR output. " +
            "Prints widths, parameters, parameters / N, the working dimension, the smallest eps and its distance from rounding, " +
            "the margin and whether it memorizes. Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build baum --data gaussian:n=2000,d=20 -o baum.safetensors")
        { data, safety, seed, output };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = new BaumOptions { RoundingSafety = parse.GetValue(safety) };
            ulong seedValue = parse.GetValue(seed);
            long start = Stopwatch.GetTimestamp();
            var (summary, built) = context.Lab.BuildBaum(parse.GetRequiredValue(data), options, new Seed(seedValue));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string? path = parse.GetValue(output);
            if (path is not null) NetworkFile.Save(built.Network, path);
            var result = new BuildBaumResult(summary, options, seedValue, path, seconds, built.Report);
            context.Write("build baum", result, console => Render(console, result));
            return built.Report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, BuildBaumResult result)
    {
        var report = result.Report;
        var details = (BaumDetails)report.Details;
        BuildReportView.WriteHeadline(console, report.Verification);
        var table = BuildReportView.NewTable(result.Data.Spec);
        table.AddRow("options", $"rounding safety {BuildReportView.Number(result.Options.RoundingSafety)}, seed {result.Seed}");
        BuildReportView.AddSizeRows(table, report);
        table.AddRow("grouped class", $"{details.GroupedClass} (the smaller class)");
        SlabReportView.AddGeneralPositionRows(table, details.GeneralPosition, details.ParametersPerPoint);
        BuildReportView.AddVerificationRows(table, report.Verification);
        BuildReportView.AddRunRows(table, result.BuildSeconds, report.Backend, result.Model);
        console.Write(table);
    }
}
