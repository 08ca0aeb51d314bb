using System.CommandLine;
using System.Diagnostics;
using MemLab.Constructions;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// The <c>memlab build X</c> subcommand of one registered construction (<see cref="ConstructionRegistry"/>), made from
/// it: --data, one option per parameter of its options record (<see cref="OptionsBinder.Describe"/>, under the names
/// sweeps use, in kebab-case), --seed and --output; and the one action every build shares, which binds what was given
/// through <see cref="OptionsBinder.Bind"/>, builds through <see cref="Lab.Build(string, ConstructionOptions, Seed, IProgress{double}?)"/>
/// (with progress on stderr), times, saves, prints the table (its options as the command line that repeats the run) or JSON and sets the exit code (0 memorized, 3 not). The
/// construction's <see cref="BuildView"/> adds its help texts and its table rows.
/// </summary>
internal static class ConstructionCommand
{
    /// <summary>The subcommand of <paramref name="construction"/>, with --data, its parameters, --seed and --output, in that order.</summary>
    public static Command Create(CliEnvironment environment, RegisteredConstruction construction, BuildView view)
    {
        var data = new Option<string>("--data", "-d") { Description = view.DataDescription, Required = true };
        var seed = new Option<ulong>("--seed", "-s") { Description = view.SeedDescription, DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var parameters = ParameterOptions(construction, view);
        var command = new Command(construction.Id, view.Description);
        command.Options.Add(data);
        foreach (var parameter in parameters) command.Options.Add(parameter.Option);
        ParameterOption.CheckTogether(command, construction.Defaults(), parameters);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = OptionsBinder.Bind(construction.Defaults(), ParameterOption.GivenValues(parse, parameters, context.Log), construction.Id);
            ulong seedValue = parse.GetValue(seed);
            long start = Stopwatch.GetTimestamp();
            DataSummary summary;
            BuildResult built;
            using (var progress = context.Progress($"build {construction.Id}"))
                (summary, built) = context.Lab.Build(parse.GetRequiredValue(data), options, new Seed(seedValue), progress);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string? path = parse.GetValue(output);
            if (path is not null) context.Lab.Save(built.Network, path);
            var result = new BuildOutput(summary, options, seedValue, path, seconds, built.Report);
            context.Write($"build {construction.Id}", result, console => Render(console, result, view, CommandLine(parse, parameters, seedValue)));
            return built.Report.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    /// <summary>One option per parameter of <paramref name="construction"/>'s options record, in the record's order.</summary>
    public static IReadOnlyList<ParameterOption> ParameterOptions(RegisteredConstruction construction, BuildView view) =>
        OptionsBinder.Describe(construction.Defaults())
            .Select(parameter => ParameterOption.Create(parameter, view.Hint(parameter.Name)))
            .ToList();

    /// <summary>The options of the run as a command line that repeats it: every parameter with a value, given or default, and the seed.</summary>
    private static string CommandLine(ParseResult parse, IEnumerable<ParameterOption> parameters, ulong seed) =>
        string.Join(" ", parameters.Select(p => p.Read(parse) is { } text ? $"{p.Option.Name} {text}" : null).OfType<string>().Append($"--seed {seed}"));

    private static void Render(IAnsiConsole console, BuildOutput result, BuildView view, string commandLine)
    {
        var report = result.Report;
        BuildReportView.WriteHeadline(console, report.Verification);
        var table = BuildReportView.NewTable(result.Data.Spec);
        table.AddRow("options", Markup.Escape(commandLine));
        view.RowsBeforeSizes?.Invoke(table, result);
        BuildReportView.AddSizeRows(table, report);
        view.RowsAfterSizes?.Invoke(table, result);
        BuildReportView.AddVerificationRows(table, report.Verification);
        BuildReportView.AddRunRows(table, result.BuildSeconds, report.Backend, result.Model);
        console.Write(table);
    }
}
