using System.CommandLine;
using System.Diagnostics;
using MemLab.Constructions;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build zhang --data SPEC ...</c>: Zhang et al.'s N ReLUs on a 1-D projection, verified, reported and saved.</summary>
internal static class BuildZhangCommand
{
    /// <summary>The JSON body of <c>build zhang</c>.</summary>
    internal sealed record BuildZhangResult(DataSummary Data, ZhangOptions Options, ulong Seed, string? Model, double BuildSeconds,
        ConstructionReport Report);

    public static Command Create(CliEnvironment environment)
    {
        var defaults = new ZhangOptions();
        var data = new Option<string>("--data", "-d") { Description = "Data spec: real targets (e.g. gaussian:n=2000,d=20,targets=uniform) or two classes.", Required = true };
        var directions = new Option<int>("--directions", "-r")
        {
            Description = "Random projection directions to try; the one with the largest min-gap / range is kept (>= 1).",
            DefaultValueFactory = _ => defaults.Directions,
        };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the random projection directions.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var command = new Command("zhang",
            "Zhang et al. (2017) baseline: project onto the best random direction, N ReLUs with a knot before each sorted point, " +
            "output weights from a lower-triangular solve. Real targets (output = value) or two classes (targets -1/+1, output = sign). " +
            "Exit code 0 when memorized, 3 when not.\n" +
            "Example: memlab build zhang --data gaussian:n=2000,d=20,targets=uniform -o zhang.safetensors")
        { data, directions, seed, output };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = new ZhangOptions { Directions = parse.GetValue(directions) };
            ulong seedValue = parse.GetValue(seed);
            long start = Stopwatch.GetTimestamp();
            var (summary, built) = context.Lab.BuildZhang(parse.GetRequiredValue(data), options, new Seed(seedValue));
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string? path = parse.GetValue(output);
            if (path is not null) NetworkFile.Save(built.Network, path);
            var result = new BuildZhangResult(summary, options, seedValue, path, seconds, built.Report);
            context.Write("build zhang", result, console => Render(console, result));
            return built.Report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, BuildZhangResult result)
    {
        var report = result.Report;
        var details = (ZhangDetails)report.Details;
        BuildReportView.WriteHeadline(console, report.Verification);
        var table = BuildReportView.NewTable(result.Data.Spec);
        table.AddRow("options", $"{result.Options.Directions} directions, seed {result.Seed}");
        BuildReportView.AddSizeRows(table, report);
        table.AddRow("paper's count 2N + d", BuildReportView.Count(details.PaperParameterCount));
        LineProjectionRows.AddParametersPerPoint(table, details.ParametersPerPoint);
        LineProjectionRows.AddProjection(table, details.Directions, details.MinGap, details.ProjectionRange);
        LineProjectionRows.AddClassMargin(table, details.ClassMargin);
        BuildReportView.AddVerificationRows(table, report.Verification);
        BuildReportView.AddRunRows(table, result.BuildSeconds, report.Backend, result.Model);
        console.Write(table);
    }
}
