using System.CommandLine;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab reproduce NAME [--db DB] [--report DIR]</c> and <c>memlab reproduce --list</c>: the experiments shipped with memlab.</summary>
internal static class ReproduceCommand
{
    /// <summary>The JSON body of <c>reproduce --list</c>.</summary>
    internal sealed record ListResult(IReadOnlyList<Experiment> Experiments);

    /// <summary>One shipped experiment.</summary>
    internal sealed record Experiment(string Name, int Version, string Task, int Runs, string Description);

    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string?>("name") { Description = "The shipped experiment to run ('memlab reproduce --list').", Arity = ArgumentArity.ZeroOrOne };
        var list = new Option<bool>("--list") { Description = "List the shipped experiments, one line each." };
        var database = new Option<string?>("--db") { Description = "Results database. Default: NAME-vVERSION.db in the current folder." };
        var report = new Option<string?>("--report", "-o") { Description = "Folder for the HTML report. Default: reports/NAME in the current folder." };
        var workers = new Option<int>("--workers") { Description = "Runs executed at once. Default: all cores.", DefaultValueFactory = _ => SweepRunOptions.DefaultWorkers };
        var lockTimeout = SweepCommand.LockTimeoutOption();
        var command = new Command("reproduce", "Run an experiment shipped with memlab (a named, versioned sweep spec), print its results table and write its HTML report.\n" +
            "Example: memlab reproduce finke-moons")
        {
            name, list, database, report, workers, lockTimeout,
        };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            if (parse.GetValue(list))
            {
                var result = new ListResult(CannedSweeps.All()
                    .Select(s => new Experiment(s.Name, s.Version, s.Task, s.Cells().Count * s.Repetitions, s.Description)).ToList());
                context.Write("reproduce", result, console =>
                {
                    foreach (var experiment in result.Experiments)
                        console.MarkupLine(Markup.Escape($"{experiment.Name} (v{experiment.Version}, {experiment.Task}, {experiment.Runs} runs): {experiment.Description}"));
                });
                return ExitCodes.Ok;
            }
            string experimentName = parse.GetValue(name)
                ?? throw MemLabException.InvalidOptions("Name the experiment to reproduce, for example 'memlab reproduce moons-geometry', or list them with --list.");
            var spec = CannedSweeps.Find(experimentName);
            string db = parse.GetValue(database) ?? $"{spec.Name}-v{spec.Version}.db";
            var timeout = TimeSpan.FromSeconds(parse.GetValue(lockTimeout));
            int code = SweepExecution.Run(parse, context, environment, "reproduce", spec, db, parse.GetValue(workers), Shard.All, timeout,
                $"memlab reproduce {spec.Name} --db {db}");
            if (code == ExitCodes.Interrupted) return code;
            string reportPath = context.Lab.Report(db, parse.GetValue(report) ?? Path.Combine("reports", spec.Name), timeout);
            context.Log.WriteLine($"memlab: wrote {reportPath}");
            if (context.Json) return code;
            ResultsView.Render(context.Console, context.Lab.Results(db, timeout));
            return code;
        });
        return command;
    }
}
