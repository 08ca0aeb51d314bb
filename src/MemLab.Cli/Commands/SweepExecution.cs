using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// Runs a sweep for <c>sweep run</c> and <c>reproduce</c>: one single-threaded BLAS backend shared by the workers,
/// progress on stderr, SIGINT/SIGTERM stopping cleanly (runs in progress finish and are recorded; a second signal
/// abandons them) with the command that resumes, and the summary on stdout.
/// </summary>
internal static class SweepExecution
{
    /// <summary>The JSON body of <c>sweep run</c> and <c>reproduce</c>.</summary>
    internal sealed record RunResult(
        string Database, string Name, string SpecHash, string Shard, int SweepRuns, int ShardRuns, int AlreadyRecorded,
        int Succeeded, int Failed, int NotRun, int ClaimedElsewhere, double ElapsedSeconds, string? FirstFailure);

    public static int Run(ParseResult parse, CliContext context, CliEnvironment environment, string command, SweepSpec spec, string database,
        int workers, Shard shard, TimeSpan lockTimeout, string resumeCommand)
    {
        var lab = context.SingleThreadedLab("Sweeps run each run on one BLAS thread and parallelise across runs");
        foreach (string notice in RenamedParameters.SpecNotices(spec)) context.Log.WriteLine(notice);
        using var cancellation = new CancellationTokenSource();
        int signals = 0;
        void Stop(PosixSignalContext signal)
        {
            // The first signal stops cleanly; a second one is left to its default action and ends the process at once.
            if (Interlocked.Increment(ref signals) > 1) return;
            signal.Cancel = true;
            context.Log.WriteLine("memlab: stopping: finishing the runs in progress (signal again to abandon them; finished runs are kept).");
            cancellation.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        bool interactive = !environment.ErrorRedirected && environment.GetVariable("CI") is not { Length: > 0 };
        var summary = new SweepProgressDisplay(spec.Name, context.Log)
            .Show(interactive, progress => lab.RunSweep(spec, database, workers, shard, lockTimeout, progress, cancellation.Token));

        var result = new RunResult(database, summary.Name, summary.SpecHash, summary.Shard.ToString(), summary.SweepRuns, summary.ShardRuns,
            summary.AlreadyRecorded, summary.Succeeded, summary.Failed, summary.NotRun, summary.ClaimedElsewhere, summary.Elapsed.TotalSeconds, summary.FirstFailure);
        context.Write(command, result, console => Render(console, result));
        if (summary.Cancelled)
        {
            context.Log.WriteLine($"memlab: interrupted with {summary.NotRun} runs left; every finished run is in {database}. Resume with: {resumeCommand}");
            return ExitCodes.Interrupted;
        }
        if (summary.Failed > 0)
        {
            // Failed runs are recorded with their messages but not counted as done: the same command runs them again.
            context.Log.WriteLine($"memlab: {summary.Failed} runs failed (first: {summary.FirstFailure}); fix the cause and run them again with: {resumeCommand}");
            return ExitCodes.CheckFailed;
        }
        return ExitCodes.Ok;
    }

    private static void Render(IAnsiConsole console, RunResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.HideHeaders();
        table.AddRow("sweep", Markup.Escape($"{result.Name} (spec {result.SpecHash[..12]})"));
        table.AddRow("database", Markup.Escape(result.Database));
        table.AddRow("shard", result.Shard);
        table.AddRow("runs in sweep / shard", Format(result.SweepRuns) + " / " + Format(result.ShardRuns));
        table.AddRow("already recorded (skipped)", Format(result.AlreadyRecorded));
        table.AddRow("succeeded", Format(result.Succeeded));
        table.AddRow("failed", result.Failed == 0 ? "0" : $"[red]{Format(result.Failed)}[/]");
        table.AddRow("not run (interrupted)", Format(result.NotRun));
        if (result.ClaimedElsewhere > 0) table.AddRow("claimed elsewhere (another process on this database)", Format(result.ClaimedElsewhere));
        table.AddRow("elapsed", result.ElapsedSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
        console.Write(table);
        if (result.FirstFailure is { } failure)
            console.MarkupLine($"[red]first failure:[/] {Markup.Escape(failure)}");
    }

    private static string Format(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
