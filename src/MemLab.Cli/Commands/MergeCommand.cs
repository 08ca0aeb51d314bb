using System.CommandLine;
using System.Globalization;
using MemLab.Store;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab merge A.db B.db ... -o ALL.db</c>: combine the shard databases of one sweep.</summary>
internal static class MergeCommand
{
    /// <summary>The JSON body of <c>merge</c>.</summary>
    internal sealed record MergeResult(string Output, MergeSummary Summary);

    public static Command Create(CliEnvironment environment)
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Results databases of one sweep spec (for example its shards).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The merged database; created when absent. Merging again adds nothing.", Required = true };
        var lockTimeout = SweepCommand.LockTimeoutOption();
        var command = new Command("merge",
            "Merge results databases of one sweep into one; runs already present with identical results are skipped, conflicting results are refused.\n" +
            "Example: memlab merge shard-0.db shard-1.db -o all.db")
        {
            inputs, output, lockTimeout,
        };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string target = parse.GetRequiredValue(output);
            var summary = context.Lab.Merge(parse.GetRequiredValue(inputs), target, TimeSpan.FromSeconds(parse.GetValue(lockTimeout)));
            context.Write("merge", new MergeResult(target, summary), console =>
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"merged {summary.Inputs} databases into {target}: {summary.Added} runs added, {summary.AlreadyPresent} already present, {summary.Total} in total"))));
            return ExitCodes.Ok;
        });
        return command;
    }
}
