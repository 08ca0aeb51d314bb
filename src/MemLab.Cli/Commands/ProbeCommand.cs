using System.CommandLine;
using System.Globalization;
using MemLab.Experiments;
using MemLab.Probes;
using MemLab.Reporting;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// <c>memlab probe permutation|similarity</c>: learning-or-memorizing probes of saved networks (docs/algorithms.md section 7).
/// The permutation test's options are those of <see cref="PermutationOptions"/>, offered and bound by the options binder.
/// </summary>
internal static class ProbeCommand
{
    /// <summary>The JSON body of <c>probe permutation</c>: one row per model.</summary>
    internal sealed record PermutationResult(DataSummary Data, DataSummary HeldOut, PermutationOptions Options, ulong Seed, IReadOnlyList<PermutationRow> Rows);

    /// <summary>One probed model, its report and its histogram file (null without -o).</summary>
    internal sealed record PermutationRow(string Model, PermutationReport Report, string? Figure);

    /// <summary>The JSON body of <c>probe similarity</c>.</summary>
    internal sealed record SimilarityResult(DataSummary Data, SimilarityReport Report, string? Figure);

    public static Command Create(CliEnvironment environment) =>
        new("probe", "Learning or memorizing? Probe the hidden representations of saved networks.") { Permutation(environment), Similarity(environment) };

    private static Command Permutation(CliEnvironment environment)
    {
        var models = new Argument<string[]>("models") { Description = "One or more network files, e.g. the checkpoints of one training run (one row each).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data", "-d") { Description = "Data spec of the training set the networks were trained on (with the same labels).", Required = true };
        var test = new Option<string?>("--test") { Description = "Data spec of the held-out set. Default: the held-out side of --data (split=test or part=test)." };
        string permutationCount = OptionsBinder.SweepName<PermutationOptions>(nameof(PermutationOptions.Permutations));
        var parameters = OptionsBinder.Describe(new PermutationOptions())
            .Select(parameter => ParameterOption.Create(parameter, parameter.Name == permutationCount ? new OptionHint(Alias: "-B") : null))
            .ToList();
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the permutations, the fits and the shared-structure noise.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Write the null histogram here (.png or .svg); with several models, one file each, the model's name appended." };
        var command = new Command("permutation",
            "Chaibub Neto's permutation test: fit a logistic/softmax read-out of a hidden layer with the true labels and with B " +
            "permuted labels; score each on the held-out set and on a shared-structure set (training points plus small noise); " +
            "print the true score, the null's mean and 95th percentile, p = (1 + #null >= true)/(B+1) and the verdict per set " +
            "(learning, memorization, both).\n" +
            "Example: memlab probe permutation trained.safetensors --data mnist:subsample=5000,seed=1 --test mnist:split=test,subsample=1000 -B 99 -o null.png")
        { models, data, test };
        foreach (var parameter in parameters) command.Options.Add(parameter.Option);
        ParameterOption.CheckTogether(command, new PermutationOptions(), parameters);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = OptionsBinder.Bind(new PermutationOptions(), ParameterOption.GivenValues(parse, parameters, context.Log), "probe permutation");
            options.Validate();
            var paths = parse.GetRequiredValue(models);
            string? figure = parse.GetValue(output);
            var figures = paths.Select(path => figure is null ? null : paths.Length == 1 ? figure
                : Path.Combine(Path.GetDirectoryName(figure) ?? "", $"{Path.GetFileNameWithoutExtension(figure)}-{Path.GetFileNameWithoutExtension(path)}{Path.GetExtension(figure)}")).ToArray();
            foreach (string? file in figures) if (file is not null) OutputPath.Require(file);
            if (figures.OfType<string>().GroupBy(f => f, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
                throw MemLabException.InvalidOptions($"Two models would write the same figure {clash.Key}: their file names are equal. Give models with distinct file names, or leave -o out.");
            ulong seedValue = parse.GetValue(seed);
            var lab = options.MaxDegreeOfParallelism > 1
                ? context.SingleThreadedLab("probe permutation fits each classifier on one BLAS thread when --workers > 1")
                : context.Lab;
            var (train, heldOut, reports) = lab.ProbePermutation(paths, parse.GetRequiredValue(data), parse.GetValue(test), options, new Seed(seedValue));
            for (int i = 0; i < paths.Length; i++)
                if (figures[i] is { } file) lab.Save(PermutationFigure.Histogram(reports[i], $"Permutation test, layer {options.Layer}: {Path.GetFileName(paths[i])}"), file);
            var result = new PermutationResult(train, heldOut, options, seedValue,
                paths.Select((path, i) => new PermutationRow(path, reports[i], figures[i])).ToList());
            context.Write("probe permutation", result, console => Render(console, result));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Similarity(CliEnvironment environment)
    {
        var models = new Argument<string[]>("models") { Description = "Two or more network files taking the same inputs.", Arity = ArgumentArity.OneOrMore };
        var data = new Option<string>("--data", "-d") { Description = "Data spec of the points on which the representations are compared.", Required = true };
        var layer = new Option<int>("--layer") { Description = "Hidden layer compared, 1 = the first.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--output", "-o") { Description = "Write the CKA matrix as a heatmap here (.png or .svg)." };
        var command = new Command("similarity",
            "Linear CKA (Kornblith et al. 2019) between the hidden representations of several networks on the same points: " +
            "1 for identical representations, near 0 for unrelated ones. Prints the matrix.\n" +
            "Example: memlab probe similarity a.safetensors b.safetensors c.safetensors --data mnist:subsample=1000,seed=0 --layer 1")
        { models, data, layer, output };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            string? figure = parse.GetValue(output);
            if (figure is not null) OutputPath.Require(figure);
            var paths = parse.GetRequiredValue(models);
            var (summary, report) = context.Lab.ProbeSimilarity(paths, parse.GetRequiredValue(data), parse.GetValue(layer));
            if (figure is not null) context.Lab.Save(SimilarityFigure.Matrix(report, $"Linear CKA at layer {report.Layer} on {summary.Spec}"), figure);
            var result = new SimilarityResult(summary, report, figure);
            context.Write("probe similarity", result, console => RenderSimilarity(console, result));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, PermutationResult result)
    {
        console.MarkupLine(Markup.Escape($"train: {result.Data.Spec}; held out: {result.HeldOut.Spec}; layer {result.Options.Layer}, B = {result.Options.Permutations}, alpha = {Number(result.Options.Alpha)}"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("model").AddColumn("set").AddColumn(new TableColumn("true").RightAligned())
            .AddColumn(new TableColumn("null mean").RightAligned()).AddColumn(new TableColumn("null 95%").RightAligned())
            .AddColumn(new TableColumn("chance").RightAligned()).AddColumn(new TableColumn("p").RightAligned()).AddColumn("verdict");
        foreach (var row in result.Rows)
            foreach (var set in new[] { row.Report.HeldOut, row.Report.SharedStructure })
                table.AddRow(Markup.Escape(Path.GetFileName(row.Model)), set.Set, Number(set.TrueScore), Number(set.NullMean), Number(set.NullPercentile95),
                    Number(set.Chance), Number(set.PValue), set.Verdict.ToString().ToLowerInvariant());
        console.Write(table);
        foreach (var row in result.Rows.Where(r => r.Figure is not null))
            console.MarkupLine(Markup.Escape($"histogram: {row.Figure}"));
    }

    private static void RenderSimilarity(IAnsiConsole console, SimilarityResult result)
    {
        var report = result.Report;
        console.MarkupLine(Markup.Escape($"linear CKA at layer {report.Layer} on {result.Data.Spec} ({report.SampleCount} points)"));
        var table = new Table().Border(TableBorder.Rounded).AddColumn("");
        var names = report.Names.Select(Path.GetFileName).ToArray();
        foreach (string? name in names) table.AddColumn(new TableColumn(Markup.Escape(name ?? "")).RightAligned());
        for (int i = 0; i < names.Length; i++)
            table.AddRow([Markup.Escape(names[i] ?? ""), .. report.Matrix[i].Select(Number)]);
        console.Write(table);
        if (result.Figure is not null) console.MarkupLine(Markup.Escape($"heatmap: {result.Figure}"));
    }

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
