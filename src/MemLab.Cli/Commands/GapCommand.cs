using System.CommandLine;
using System.Globalization;
using MemLab.Experiments;
using MemLab.Training;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// <c>memlab gap --data SPEC ...</c>: the smallest one-hidden-layer width at which a training recipe memorizes the data in
/// at least half of its seeds, beside the constructions' widths on the same data (docs/algorithms.md section 6).
/// </summary>
internal static class GapCommand
{
    /// <summary>The JSON body of <c>gap</c>.</summary>
    internal sealed record GapOutput(DataSummary Data, TrainOptions Recipe, WidthSearchOptions Search, ulong Seed,
        IReadOnlyList<WidthTrial> Widths, int? GdWidth, int LargestFailingWidth, int SampleCount, int InputDimension, double NOverD, double BubeckBound,
        ConstructiveWidth Baum, ConstructiveWidth Bubeck, ConstructiveWidth Finke, double? RatioNOverD, double Seconds, string Backend,
        ConstructiveWidth Zhang, ConstructiveWidth Yun, double? Tolerance);

    public static Command Create(CliEnvironment environment)
    {
        var defaults = new WidthSearchOptions();
        var data = new Option<string>("--data", "-d") { Description = "Data spec, e.g. gaussian:n=2000,d=50,seed=0.", Required = true };
        var recipe = new RecipeOptions(nameof(TrainOptions.Hidden));
        string memory = OptionsBinder.SweepName<WidthSearchOptions>(nameof(WidthSearchOptions.MemoryBytes));
        var searchParameters = OptionsBinder.Describe(defaults)
            .Select(parameter => ParameterOption.Create(parameter, parameter.Name == memory ? new OptionHint(HelpName: "SIZE") : null))
            .ToList();
        var workers = new Option<int>("--workers") { Description = "Threads: batches of trainings run at once, and with more workers than batches each batch shares its steps between two threads (all on one-threaded BLAS); the result does not depend on it (>= 1). Use 2 on a 2-core machine.", DefaultValueFactory = _ => defaults.Workers };
        ParameterOption.CheckByRecord(workers, defaults, (options, value) => options with { Workers = value });
        var seed = new Option<ulong>("--seed", "-s") { Description = "Search seed: every training's seed derives from it, the width and the seed index.", DefaultValueFactory = _ => 0 };
        var command = new Command("gap",
            "Find the smallest hidden width at which a one-hidden-layer ReLU network trained by the recipe memorizes the data " +
            "in at least half of --seeds trainings: doubling from --start until a width succeeds, then bisection. Prints every " +
            "width tried (successes, median steps to memorize), the width found, and beside it N/d, Bubeck's 4N/d, the widths of " +
            "Baum's and Bubeck's networks as built on the data (their formulas where they do not apply) and the Finke pruned width, " +
            "with the ratio to N/d. On real targets (--loss square) memorized means every |f(x) - y| within --tolerance, and beside the " +
            "width stand the constructions that interpolate real targets (Bubeck's, Zhang's, Yun's). The seeds of a width train as one batch (one " +
            "matrix product for all first layers). Without --lr, plain GD (--optimizer gd) uses rate 2, as the gap sweeps do. Progress per width on stderr. Exit code 0 when a width memorizes, 3 when none up to --max-width does.\n" +
            "Example: memlab gap --data gaussian:n=500,d=10,seed=0 --optimizer adam --lr 0.01 --steps 1000 --seeds 5 --workers 2")
        { data };
        recipe.AddTo(command);
        foreach (var parameter in searchParameters) command.Options.Add(parameter.Option);
        ParameterOption.CheckTogether(command, defaults, searchParameters);
        command.Options.Add(workers);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var search = OptionsBinder.Bind(defaults, ParameterOption.GivenValues(parse, searchParameters, context.Log), "gap") with { Workers = parse.GetValue(workers) };
            search.Validate();
            var options = WidthSearch.WithDefaultRate(recipe.Bind(parse, context.Log, new TrainOptions()), recipe.RateGiven(parse));
            var lab = context.SingleThreadedLab("gap trains each network on one BLAS thread, so its result does not depend on --workers");
            ulong seedValue = parse.GetValue(seed);
            var (summary, result) = lab.Gap(parse.GetRequiredValue(data), options, search, new Seed(seedValue), new WidthLog(context.Log));
            var c = result.Constructive;
            var output = new GapOutput(summary, options, search, seedValue, result.Search.Trials, result.Search.MinimumWidth,
                result.Search.LargestFailingWidth, c.SampleCount, c.InputDimension, c.NOverD, c.BubeckBound, c.Baum, c.Bubeck, c.Finke, result.RatioToNOverD,
                result.Search.Seconds, lab.Blas.Describe(), c.Zhang, c.Yun, result.Tolerance);
            context.Write("gap", output, console => Render(console, output));
            return output.GdWidth is null ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, GapOutput output)
    {
        console.MarkupLine(output.GdWidth is { } width
            ? $"[green]gradient descent memorizes[/] at width {width} ({Ratio(output.RatioNOverD)} N/d)"
            : $"[red]no width up to {output.Search.MaxWidth} memorizes[/] in at least half of {output.Search.Seeds} seeds");
        var trials = new Table().Border(TableBorder.Rounded).AddColumn("width").AddColumn("memorized / seeds").AddColumn("median steps").AddColumn("seconds");
        foreach (var trial in output.Widths)
            trials.AddRow(trial.Width.ToString(CultureInfo.InvariantCulture),
                $"{(trial.Succeeded ? "[green]" : "[red]")}{trial.Successes} / {trial.Seeds}[/]{(trial.StoppedEarly > 0 ? $" ({trial.Trained} trained)" : "")}",
                trial.MedianSteps is { } steps ? RecipeOptions.Number(steps) : "-",
                trial.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        console.Write(trials);
        var table = BuildReportView.NewTable(output.Data.Spec);
        table.AddRow("recipe", Markup.Escape($"{RecipeOptions.Describe(output.Recipe, output.Recipe.EffectiveBatchSize(output.SampleCount))}, " +
            $"{output.Recipe.Steps} steps, seed {output.Seed}"));
        table.AddRow("gradient-descent width", output.GdWidth is { } found
            ? $"{found} (largest failing width {output.LargestFailingWidth})" : $"none up to {output.Search.MaxWidth}");
        table.AddRow("N/d", RecipeOptions.Number(output.NOverD));
        table.AddRow("Bubeck's bound 4N/d", RecipeOptions.Number(output.BubeckBound));
        if (output.Tolerance is { } tolerance)
        {
            table.AddRow("tolerance", Markup.Escape(RecipeOptions.Number(tolerance) + (output.Recipe.Tolerance is null ? " (default: 1e-3 x range of the targets)" : "")));
            AddConstruction(table, "Bubeck width", output.Bubeck, output.NOverD);
            AddConstruction(table, "Zhang width", output.Zhang, output.NOverD);
            AddConstruction(table, "Yun width", output.Yun, output.NOverD);
        }
        else
        {
            AddConstruction(table, "Baum width", output.Baum, output.NOverD);
            AddConstruction(table, "Bubeck width", output.Bubeck, output.NOverD);
            AddConstruction(table, "Finke pruned width", output.Finke, output.NOverD);
        }
        int trained = output.Widths.Sum(t => t.Trained), unverified = output.Widths.Sum(t => t.Unverified);
        string batching = string.Create(CultureInfo.InvariantCulture,
            $"each width's {output.Search.Seeds} seeds in {Range(output.Widths.Select(t => t.Batches))} batch(es), largest {output.Widths.Max(t => t.Bytes) / 1e6:G3} MB of the {output.Search.MemoryBytes / 1e6:G4} MB budget");
        if (output.Search.DecideEarly) batching += $"; deciding early trained {trained} of {output.Widths.Sum(t => t.Seeds)} seeds";
        if (unverified > 0) batching += $"; {unverified} trainings memorized in float32 but failed the float64 check (not counted)";
        table.AddRow("batching", Markup.Escape(batching));
        table.AddRow("search time", $"{output.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        table.AddRow("backend", Markup.Escape(output.Backend));
        console.Write(table);
    }

    private static void AddConstruction(Table table, string name, ConstructiveWidth width, double nOverD)
    {
        string value = width.Width is { } units
            ? $"{units} ({Ratio(units / nOverD)} N/d; {RecipeOptions.Word(width.Origin)}{(width.Memorized == false ? ", not memorized" : "")})"
            : "-";
        table.AddRow(name, Markup.Escape(value + (width.Note is { } note && width.Origin != WidthOrigin.Built ? $": {note}" : "")));
    }

    private static string Range(IEnumerable<int> values)
    {
        var list = values.ToList();
        return list.Min() == list.Max() ? list.Min().ToString(CultureInfo.InvariantCulture) : $"{list.Min()} to {list.Max()}";
    }

    private static string Ratio(double? value) => value is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) + " x" : "-";

    /// <summary>One stderr line per width tried.</summary>
    private sealed class WidthLog(TextWriter log) : IProgress<WidthTrial>
    {
        public void Report(WidthTrial trial) => log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memlab: gap: width {trial.Width}: {trial.Successes}/{trial.Seeds} memorized{(trial.MedianSteps is { } steps ? $", median {steps:G4} steps" : "")}{(trial.StoppedEarly > 0 ? $" ({trial.Trained} trained, decided)" : "")} ({trial.Seconds:F1} s) -> {(trial.Succeeded ? "success" : "failure")}"));
    }
}
