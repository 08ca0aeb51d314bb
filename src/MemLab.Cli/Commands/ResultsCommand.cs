using System.CommandLine;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab results DB [--csv FILE]</c>: a sweep's results aggregated per cell.</summary>
internal static class ResultsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var database = new ResultsDatabase();
        var csv = new Option<string?>("--csv") { Description = "Also write the table to this CSV file (one row per cell; mean, low, high per metric)." };
        var command = new Command("results",
            "Aggregate a results database per grid cell: runs, success rate, and each metric's mean with a 95% interval (Student's t).\n" +
            "Example: memlab results results.db --csv cells.csv");
        command.Options.Add(csv);
        database.AddTo(command);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var results = context.Lab.Results(parse.GetRequiredValue(database.Path), database.Timeout(parse));
            if (parse.GetValue(csv) is { } path)
            {
                context.Lab.Save(results, path);
                context.Log.WriteLine($"memlab: wrote {results.Cells.Count} cells to {path}");
            }
            context.Write("results", results, console => ResultsView.Render(console, results));
            return ExitCodes.Ok;
        });
        return command;
    }
}
