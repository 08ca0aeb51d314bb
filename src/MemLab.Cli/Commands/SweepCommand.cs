using System.CommandLine;
using MemLab.Experiments;
using MemLab.Store;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab sweep run SPEC --db DB</c> and <c>memlab sweep tasks</c>.</summary>
internal static class SweepCommand
{
    /// <summary>The JSON body of <c>sweep tasks</c>.</summary>
    internal sealed record TasksResult(IReadOnlyList<TaskInfo> Tasks);

    /// <summary>One task a sweep can name.</summary>
    internal sealed record TaskInfo(string Id, string Description, IReadOnlyList<string> Parameters, IReadOnlyList<string> Metrics);

    /// <summary>--lock-timeout, shared by the commands that open results databases.</summary>
    public static Option<double> LockTimeoutOption()
    {
        return new Option<double>("--lock-timeout")
        {
            Description = "Seconds to wait for a results database another process is writing (0 to 86400).",
            DefaultValueFactory = _ => SqliteRunStore.DefaultLockTimeout.TotalSeconds,
        };
    }

    public static Command Create(CliEnvironment environment) =>
        new("sweep", "Run a grid of experiments into a SQLite results database (resumable, shardable).") { CreateRun(environment), CreateTasks(environment) };

    private static Command CreateRun(CliEnvironment environment)
    {
        var spec = new Argument<string>("spec") { Description = "Sweep spec JSON file (task, data, grid, repetitions, seed, metrics)." };
        var database = new Option<string>("--db")
        {
            Description = "Results database; created when absent. Re-running into it skips the runs it already holds.",
            Required = true,
        };
        var workers = new Option<int>("--workers")
        {
            Description = "Runs executed at once, each on one BLAS thread. Default: all cores.",
            DefaultValueFactory = _ => SweepRunOptions.DefaultWorkers,
        };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of k (i/k, e.g. 0/3); merge the shard databases with 'memlab merge'." };
        var lockTimeout = LockTimeoutOption();
        var command = new Command("run", "Run a sweep spec into a results database; interrupted or killed sweeps resume where they stopped.\n" +
            "Example: memlab sweep run sweep.json --db results.db --workers 2")
        {
            spec, database, workers, shard, lockTimeout,
        };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string specPath = parse.GetRequiredValue(spec);
            string db = parse.GetRequiredValue(database);
            string? shardText = parse.GetValue(shard);
            string resume = $"memlab sweep run {specPath} --db {db}{(shardText is null ? "" : $" --shard {shardText}")}";
            return SweepExecution.Run(parse, context, environment, "sweep run", SweepSpec.Load(specPath), db, parse.GetValue(workers),
                shardText is null ? Shard.All : Shard.Parse(shardText), TimeSpan.FromSeconds(parse.GetValue(lockTimeout)), resume);
        });
        return command;
    }

    private static Command CreateTasks(CliEnvironment environment)
    {
        var command = new Command("tasks", "List the tasks a sweep spec can name, with their parameters and metrics.\n" +
            "Example: memlab sweep tasks");
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var result = new TasksResult(SweepTasks.All.Select(t => new TaskInfo(t.Id, t.Description, t.Parameters, t.Metrics)).ToList());
            context.Write("sweep tasks", result, console =>
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("task").AddColumn("parameters").AddColumn("metrics").AddColumn("what a run computes");
                foreach (var task in result.Tasks)
                    table.AddRow(task.Id, task.Parameters.Count == 0 ? "(data keys only)" : string.Join(", ", task.Parameters),
                        string.Join(", ", task.Metrics), Markup.Escape(task.Description));
                console.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
