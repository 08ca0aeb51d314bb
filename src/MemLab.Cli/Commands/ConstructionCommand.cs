using System.CommandLine;
using System.Diagnostics;
using MemLab.Constructions;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// What every <c>memlab build X</c> subcommand shares: the --data, --seed and --output options around the construction's
/// own, and the action that builds (with progress on stderr), times, saves, prints and sets the exit code (0 memorized,
/// 3 not), and the table every build prints: the headline, the data, the construction's rows before and after the
/// sizes, the verification and the run facts. Each construction's file supplies its options and its own rows; the
/// subcommand's name is the id of the
/// registered construction that takes <typeparamref name="TOptions"/> (<see cref="ConstructionRegistry"/>), and the
/// build goes through <see cref="Lab.Build(string, ConstructionOptions, Seed, IProgress{double}?)"/>.
/// </summary>
internal static class ConstructionCommand
{
    /// <summary>Rows a construction adds to its build table, from the run's output and its report's details.</summary>
    public delegate void Rows<TOptions, in TDetails>(Table table, BuildOutput<TOptions> result, TDetails details)
        where TOptions : ConstructionOptions where TDetails : ConstructionDetails;

    /// <summary>The subcommand of the construction taking <typeparamref name="TOptions"/>, with --data, <paramref name="ownOptions"/>, --seed and --output, in that order.</summary>
    /// <param name="rowsBeforeSizes">The construction's rows between the data and the sizes (its options, typically).</param>
    /// <param name="rowsAfterSizes">Its rows between the sizes and the verification; null for none.</param>
    public static Command Create<TOptions, TDetails>(CliEnvironment environment, string description, string dataDescription,
        string seedDescription, IReadOnlyList<Option> ownOptions, Func<ParseResult, TOptions> readOptions,
        Rows<TOptions, TDetails> rowsBeforeSizes, Rows<TOptions, TDetails>? rowsAfterSizes)
        where TOptions : ConstructionOptions where TDetails : ConstructionDetails
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
            context.Write($"build {name}", result, console => Render(console, result, rowsBeforeSizes, rowsAfterSizes));
            return built.Report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render<TOptions, TDetails>(IAnsiConsole console, BuildOutput<TOptions> result, Rows<TOptions, TDetails> rowsBeforeSizes,
        Rows<TOptions, TDetails>? rowsAfterSizes) where TOptions : ConstructionOptions where TDetails : ConstructionDetails
    {
        var report = result.Report;
        var details = report.DetailsOf<TDetails>();
        BuildReportView.WriteHeadline(console, report.Verification);
        var table = BuildReportView.NewTable(result.Data.Spec);
        rowsBeforeSizes(table, result, details);
        BuildReportView.AddSizeRows(table, report);
        rowsAfterSizes?.Invoke(table, result, details);
        BuildReportView.AddVerificationRows(table, report.Verification);
        BuildReportView.AddRunRows(table, result.BuildSeconds, report.Backend, result.Model);
        console.Write(table);
    }
}
