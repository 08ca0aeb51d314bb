using System.CommandLine;
using System.Diagnostics;
using MemLab.Constructions;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// What every <c>memlab build X</c> subcommand shares: the --data, --seed and --output options around the construction's
/// own, and the action that builds (with progress on stderr), times, saves, prints and sets the exit code (0 memorized,
/// 3 not). Each construction's file supplies its options and its table rows; the subcommand's name is the id of the
/// registered construction that takes <typeparamref name="TOptions"/> (<see cref="ConstructionRegistry"/>), and the
/// build goes through <see cref="Lab.Build(string, ConstructionOptions, Seed, IProgress{double}?)"/>.
/// </summary>
internal static class ConstructionCommand
{
    /// <summary>The subcommand of the construction taking <typeparamref name="TOptions"/>, with --data, <paramref name="ownOptions"/>, --seed and --output, in that order.</summary>
    public static Command Create<TOptions>(CliEnvironment environment, string description, string dataDescription,
        string seedDescription, IReadOnlyList<Option> ownOptions, Func<ParseResult, TOptions> readOptions,
        Action<IAnsiConsole, BuildOutput<TOptions>> render) where TOptions : ConstructionOptions
    {
        string name = ConstructionRegistry.ForOptions(typeof(TOptions)).Id;
        var data = new Option<string>("--data", "-d") { Description = dataDescription, Required = true };
        var seed = new Option<ulong>("--seed", "-s") { Description = seedDescription, DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var command = new Command(name, description);
        command.Options.Add(data);
        foreach (Option option in ownOptions) command.Options.Add(option);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            TOptions options = readOptions(parse);
            ulong seedValue = parse.GetValue(seed);
            long start = Stopwatch.GetTimestamp();
            DataSummary summary;
            BuildResult built;
            using (var progress = context.Progress($"build {name}"))
                (summary, built) = context.Lab.Build(parse.GetRequiredValue(data), options, new Seed(seedValue), progress);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string? path = parse.GetValue(output);
            if (path is not null) NetworkFile.Save(built.Network, path);
            var result = new BuildOutput<TOptions>(summary, options, seedValue, path, seconds, built.Report);
            context.Write($"build {name}", result, console => render(console, result));
            return built.Report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }
}
