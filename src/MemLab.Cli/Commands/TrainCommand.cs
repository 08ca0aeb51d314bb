using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MemLab.Networks;
using MemLab.Training;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab train --data SPEC ...</c>: trains a dense ReLU network by gradient descent, verifies it in float64, reports and saves it.</summary>
internal static class TrainCommand
{
    /// <summary>The JSON body of <c>train</c>.</summary>
    internal sealed record TrainResult(DataSummary Data, TrainOptions Options, ulong Seed, string? Model, string? CurvesFile,
        StopReason StopReason, bool Memorized, int Steps, int BatchSize, double Epochs, int? DivergedAtStep, double FinalLoss, double TrainAccuracy,
        double Seconds, double SecondsPerStep, IReadOnlyList<int>? Widths, long? ParameterCount, VerificationReport? Verification,
        string Backend, IReadOnlyList<CurvePoint> Curves, double? Tolerance);

    public static Command Create(CliEnvironment environment)
    {
        var data = new Option<string>("--data", "-d") { Description = "Data spec, e.g. gaussian:n=2000,d=50,seed=0.", Required = true };
        var recipe = new RecipeOptions();
        var keepTraining = new Option<bool>("--keep-training") { Description = "Train for the whole step budget even after every point is classified correctly (curves past memorization)." };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the initial weights, minibatch order and dropout masks.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var curves = new Option<string?>("--curves") { Description = "Write the loss and accuracy curves here as CSV (step,loss,accuracy,seconds)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Save the network every this many steps (with --checkpoint-dir), e.g. for 'memlab probe permutation' over training." };
        ParameterOption.CheckByRecord(checkpointEvery, new TrainOptions(), (options, value) => options with { CheckpointEvery = value });
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Folder for the checkpoints, named step-NNNNNN.safetensors (the folder must exist)." };
        var command = new Command("train",
            "Train a dense ReLU network by gradient descent in float32 until it classifies every training point correctly " +
            "(real targets, with --loss square: until every |f(x) - y| is within --tolerance) " +
            "(or the step budget or time limit runs out), then verify it in float64 on every point. Prints steps, " +
            "memorized, final loss, training accuracy and time per step. Exit code 0 when memorized (float64), 3 when not, " +
            "1 when the loss became NaN.\n" +
            "Example: memlab train --data gaussian:n=2000,d=50,labels=random --hidden 160 --optimizer adam --lr 0.01 --steps 300 -o trained.safetensors")
        { data };
        recipe.AddTo(command);
        foreach (Option option in new Option[] { keepTraining, seed, output, curves, checkpointEvery, checkpointDir }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = recipe.Bind(parse, context.Log,
                new TrainOptions { StopWhenMemorized = !parse.GetValue(keepTraining), CheckpointEvery = parse.GetValue(checkpointEvery) });
            string? checkpoints = parse.GetValue(checkpointDir);
            if ((checkpoints is null) != (options.CheckpointEvery is null))
                throw MemLabException.InvalidOptions("--checkpoint-every and --checkpoint-dir go together: give both (e.g. --checkpoint-every 100 --checkpoint-dir ckpt) or neither.");
            if (checkpoints is not null) OutputPath.Require(Path.Combine(checkpoints, "step-000000.safetensors"));
            string? modelPath = parse.GetValue(output);
            string? curvesPath = parse.GetValue(curves);
            if (modelPath is not null) OutputPath.Require(modelPath);
            if (curvesPath is not null) OutputPath.Require(curvesPath);
            ulong seedValue = parse.GetValue(seed);
            DataSummary summary;
            TrainingResult trained;
            using (var progress = context.Progress("train"))
                (summary, trained) = context.Lab.Train(parse.GetRequiredValue(data), options, new Seed(seedValue), progress,
                    checkpoints is null ? null : (step, network) => context.Lab.Save(network, Path.Combine(checkpoints, $"step-{step:D6}.safetensors")));
            if (curvesPath is not null) context.Lab.Save(trained.Curves, curvesPath);
            if (modelPath is not null && trained.Network is not null) context.Lab.Save(trained.Network, modelPath);
            var result = new TrainResult(summary, options, seedValue, trained.Network is null ? null : modelPath, curvesPath,
                trained.StopReason, trained.Memorized, trained.Steps, trained.BatchSize, trained.Epochs, trained.DivergedAtStep, trained.FinalLoss,
                trained.TrainAccuracy, trained.Seconds, trained.Seconds / Math.Max(1, trained.Steps), trained.Network?.Widths,
                trained.Network?.ParameterCount, trained.Verification, trained.Backend, trained.Curves, trained.Tolerance);
            context.Write("train", result, console => Render(console, result));
            if (trained.DivergedAtStep is { } step)
            {
                context.Log.WriteLine($"memlab: error: the training loss became NaN or infinite at step {step}; no network was saved" +
                    $"{(curvesPath is null ? "" : $" (the curves up to that step are in {curvesPath})")}. Lower --lr (now {options.LearningRate.ToString(CultureInfo.InvariantCulture)}) or --init-scale.");
                return ExitCodes.UserError;
            }
            return trained.Verification!.Memorized ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, TrainResult result)
    {
        if (result.Verification is { } verification) BuildReportView.WriteHeadline(console, verification);
        else console.MarkupLine($"[red]diverged[/]: the loss became NaN at step {result.DivergedAtStep}");
        var table = BuildReportView.NewTable(result.Data.Spec);
        var o = result.Options;
        table.AddRow("recipe", Markup.Escape($"{RecipeOptions.Describe(o, result.BatchSize)}, seed {result.Seed}"));
        if (result.Widths is not null)
        {
            table.AddRow("widths", string.Join(" - ", result.Widths));
            table.AddRow("parameters", BuildReportView.Count(result.ParameterCount ?? 0));
        }
        table.AddRow("stopped", Markup.Escape(result.StopReason switch
        {
            StopReason.Memorized => $"memorized after {result.Steps} steps ({RecipeOptions.Number(result.Epochs)} epochs)",
            StopReason.StepBudget => $"step budget of {o.Steps} used up",
            StopReason.TimeLimit => $"time limit reached after {result.Steps} steps",
            _ => $"loss NaN at step {result.DivergedAtStep}",
        }));
        table.AddRow("final loss", RecipeOptions.Number(result.FinalLoss));
        string accuracy = result.Tolerance is null ? "train accuracy" : "points within tolerance";
        table.AddRow($"{accuracy} (float32)", Percent(result.TrainAccuracy));
        if (result.Tolerance is { } tolerance)
            table.AddRow("tolerance", Markup.Escape(RecipeOptions.Number(tolerance) + (o.Tolerance is null ? " (default: 1e-3 x range of the targets)" : "")));
        if (result.Verification is { } check)
        {
            table.AddRow($"{accuracy} (float64 verify)", Percent(1 - (double)check.FailureCount / check.SampleCount));
            BuildReportView.AddVerificationRows(table, check);
        }
        table.AddRow("time per step", $"{(result.SecondsPerStep * 1000).ToString("G4", CultureInfo.InvariantCulture)} ms");
        table.AddRow("training time", $"{result.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s (the training loop, without data loading and verification)");
        table.AddRow("backend", Markup.Escape(result.Backend));
        if (result.Model is not null) table.AddRow("saved", Markup.Escape(result.Model));
        if (result.CurvesFile is not null) table.AddRow("curves", Markup.Escape(result.CurvesFile));
        console.Write(table);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
