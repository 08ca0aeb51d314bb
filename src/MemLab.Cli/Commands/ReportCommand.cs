using System.CommandLine;
using MemLab.Reporting;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab report DB -o DIR</c>: a self-contained HTML report of a results database.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var database = new ResultsDatabase();
        var output = new Option<string>("--output", "-o") { Description = $"Folder to write {HtmlReport.FileName} into (created if missing).", Required = true };
        var command = new Command("report", "Write a self-contained HTML report (figures, tables, spec, versions, machines) that opens in any browser offline.\n" +
            "Example: memlab report results.db -o report");
        command.Options.Add(output);
        database.AddTo(command);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string path = context.Lab.Report(parse.GetRequiredValue(database.Path), parse.GetRequiredValue(output), database.Timeout(parse));
            context.Log.WriteLine($"memlab: wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
