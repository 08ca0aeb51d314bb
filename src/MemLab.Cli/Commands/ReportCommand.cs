using System.CommandLine;
using MemLab.Reporting;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab report DB -o DIR</c>: a self-contained HTML report of a results database.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var database = new Argument<string>("db") { Description = "Results database written by 'memlab sweep run' or 'memlab merge'." };
        var output = new Option<string>("--output", "-o") { Description = $"Folder to write {HtmlReport.FileName} into (created if missing).", Required = true };
        var lockTimeout = SweepCommand.LockTimeoutOption();
        var command = new Command("report", "Write a self-contained HTML report (figures, tables, spec, versions, machines) that opens in any browser offline.\n" +
            "Example: memlab report results.db -o report")
        {
            database, output, lockTimeout,
        };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string path = context.Lab.Report(parse.GetRequiredValue(database), parse.GetRequiredValue(output), TimeSpan.FromSeconds(parse.GetValue(lockTimeout)));
            context.Log.WriteLine($"memlab: wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
