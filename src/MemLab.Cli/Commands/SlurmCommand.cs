using System.CommandLine;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab slurm SPEC --array K --time T --mem M</c>: write an sbatch array script that runs the shards and merges them.</summary>
internal static class SlurmCommand
{
    /// <summary>The JSON body of <c>slurm</c>.</summary>
    internal sealed record SlurmResult(string Script, int ArrayTasks, string Database);

    public static Command Create(CliEnvironment environment)
    {
        var spec = new Argument<string>("spec") { Description = "Sweep spec JSON file; the cluster nodes must see it at the same absolute path." };
        var array = new Option<int>("--array") { Description = "Array tasks, one shard of the sweep each.", Required = true };
        var time = new Option<string>("--time") { Description = "Time limit per array task, Slurm format (e.g. 1:00:00).", Required = true };
        var memory = new Option<string>("--mem") { Description = "Memory per array task, Slurm format (e.g. 4G).", Required = true };
        var cpus = new Option<int>("--cpus") { Description = "Cores per array task (= workers per shard).", DefaultValueFactory = _ => new SlurmOptions("", 1, "", "").CpusPerTask };
        var folder = new Option<string>("--dir") { Description = "Folder for shard databases, logs and the merged database.", DefaultValueFactory = _ => new SlurmOptions("", 1, "", "").OutputDirectory };
        var memlab = new Option<string>("--memlab") { Description = "The command that runs memlab on the cluster nodes (e.g. 'dotnet /opt/memlab/MemLab.Cli.dll').", DefaultValueFactory = _ => new SlurmOptions("", 1, "", "").Memlab };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the script. Default: NAME.sbatch in the current folder." };
        var command = new Command("slurm",
            "Write a Slurm script: 'bash SCRIPT' submits a job array (one shard per task, each its own database) and a merge job that runs after all succeed.\n" +
            "Example: memlab slurm sweep.json --array 16 --time 02:00:00 --mem 4G")
        {
            spec, array, time, memory, cpus, folder, memlab, output,
        };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = new SlurmOptions(parse.GetRequiredValue(spec), parse.GetValue(array), parse.GetRequiredValue(time), parse.GetRequiredValue(memory))
            {
                CpusPerTask = parse.GetValue(cpus),
                OutputDirectory = parse.GetRequiredValue(folder),
                Memlab = parse.GetRequiredValue(memlab),
            };
            string path = context.Lab.WriteSlurmScript(options, parse.GetValue(output));
            string database = Path.Combine(options.OutputDirectory, options.Database);
            context.Write("slurm", new SlurmResult(path, options.ArrayTasks, database), console =>
                console.MarkupLine(Markup.Escape($"wrote {path}: submit with 'bash {path}'; the merged results will be in {database}")));
            return ExitCodes.Ok;
        });
        return command;
    }
}
