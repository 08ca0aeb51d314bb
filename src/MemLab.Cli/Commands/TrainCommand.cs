using System.CommandLine;
using System.CommandLine.Parsing;
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
        string Backend, IReadOnlyList<CurvePoint> Curves);

    public static Command Create(CliEnvironment environment)
    {
        var defaults = new TrainOptions();
        var data = new Option<string>("--data", "-d") { Description = "Data spec, e.g. gaussian:n=2000,d=50,seed=0.", Required = true };
        var hidden = new Option<int[]>("--hidden")
        {
            Description = $"Hidden-layer widths, comma-separated, e.g. 160 or 256,64 (ReLU layers). Default {string.Join(",", defaults.Hidden)}.",
            CustomParser = ParseWidths,
            DefaultValueFactory = _ => defaults.Hidden.ToArray(),
            HelpName = "W[,W...]",
        };
        var optimizer = WordOption("--optimizer", "adam: Adam (full batch unless --batch); sgd: minibatch SGD with momentum; gd: full-batch gradient descent.", defaults.Optimizer);
        var rate = new Option<double>("--lr") { Description = "Learning rate (> 0).", DefaultValueFactory = _ => defaults.LearningRate };
        var loss = WordOption("--loss", "logistic and hinge: two classes, one output; cross-entropy: K outputs; square: one output for two classes, K one-hot outputs otherwise.", defaults.Loss);
        var init = WordOption("--init", "Weight initialization (biases start at 0).", defaults.Initialization);
        var initScale = new Option<double>("--init-scale") { Description = "Multiplies every initial weight (> 0).", DefaultValueFactory = _ => defaults.InitScale };
        var steps = new Option<int>("--steps") { Description = "Step budget: the most parameter updates (>= 1).", DefaultValueFactory = _ => defaults.Steps };
        var batch = new Option<int?>("--batch") { Description = "Minibatch size (adam, sgd). Default: full batch for adam, 128 for sgd." };
        var momentum = new Option<double?>("--momentum") { Description = "Momentum in [0, 1) for sgd and gd. Default: 0.9 for sgd, 0 for gd." };
        var dropout = new Option<double>("--dropout") { Description = "Dropout probability on hidden units during training, in [0, 1).", DefaultValueFactory = _ => defaults.Dropout };
        var decay = new Option<double>("--weight-decay") { Description = "L2 weight decay on weights (not biases), >= 0.", DefaultValueFactory = _ => defaults.WeightDecay };
        var checkEvery = new Option<int?>("--check-every") { Description = "Steps between memorization checks. Default: every step for full batch without dropout, else once per epoch." };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Stop after this many seconds (> 0). The step count then depends on the machine." };
        var keepTraining = new Option<bool>("--keep-training") { Description = "Train for the whole step budget even after every point is classified correctly (curves past memorization)." };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the initial weights, minibatch order and dropout masks.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--output", "-o") { Description = "Save the network here (.safetensors), with its provenance." };
        var curves = new Option<string?>("--curves") { Description = "Write the loss and accuracy curves here as CSV (step,loss,accuracy,seconds)." };
        var checkpointEvery = new Option<int?>("--checkpoint-every") { Description = "Save the network every this many steps (with --checkpoint-dir), e.g. for 'memlab probe permutation' over training." };
        var checkpointDir = new Option<string?>("--checkpoint-dir") { Description = "Folder for the checkpoints, named step-NNNNNN.safetensors (the folder must exist)." };
        var command = new Command("train",
            "Train a dense ReLU network by gradient descent in float32 until it classifies every training point correctly " +
            "(or the step budget or time limit runs out), then verify it in float64 on every point. Prints steps, " +
            "memorized, final loss, training accuracy and time per step. Exit code 0 when memorized (float64), 3 when not, " +
            "1 when the loss became NaN.\n" +
            "Example: memlab train --data gaussian:n=2000,d=50,labels=random --hidden 160 --optimizer adam --lr 0.01 --steps 300 -o trained.safetensors")
        { data, hidden, optimizer, rate, loss, init, initScale, steps, batch, momentum, dropout, decay, checkEvery, timeLimit, keepTraining, seed, output, curves, checkpointEvery, checkpointDir };
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var options = new TrainOptions
            {
                Hidden = parse.GetValue(hidden)!,
                Optimizer = parse.GetValue(optimizer),
                LearningRate = parse.GetValue(rate),
                Loss = parse.GetValue(loss),
                Initialization = parse.GetValue(init),
                InitScale = parse.GetValue(initScale),
                Steps = parse.GetValue(steps),
                BatchSize = parse.GetValue(batch),
                Momentum = parse.GetValue(momentum),
                Dropout = parse.GetValue(dropout),
                WeightDecay = parse.GetValue(decay),
                CheckEvery = parse.GetValue(checkEvery),
                TimeLimitSeconds = parse.GetValue(timeLimit),
                StopWhenMemorized = !parse.GetValue(keepTraining),
                CheckpointEvery = parse.GetValue(checkpointEvery),
            };
            options.Validate();
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
                    checkpoints is null ? null : (step, network) => NetworkFile.Save(network, Path.Combine(checkpoints, $"step-{step:D6}.safetensors")));
            if (curvesPath is not null) CurveFile.Save(trained.Curves, curvesPath);
            if (modelPath is not null && trained.Network is not null) NetworkFile.Save(trained.Network, modelPath);
            var result = new TrainResult(summary, options, seedValue, trained.Network is null ? null : modelPath, curvesPath,
                trained.StopReason, trained.Memorized, trained.Steps, trained.BatchSize, trained.Epochs, trained.DivergedAtStep, trained.FinalLoss,
                trained.TrainAccuracy, trained.Seconds, trained.Seconds / Math.Max(1, trained.Steps), trained.Network?.Widths,
                trained.Network?.ParameterCount, trained.Verification, trained.Backend, trained.Curves);
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
        string batch = o.Optimizer == Optimizer.Sgd || o.BatchSize is not null ? $"batch {result.BatchSize}" : "full batch";
        table.AddRow("recipe", Markup.Escape(
            $"{Word(o.Optimizer)}, lr {Number(o.LearningRate)}, {Word(o.Loss)} loss, {Word(o.Initialization)} init" +
            $"{(o.InitScale != 1 ? $" x {Number(o.InitScale)}" : "")}, {batch}" +
            $"{(o.Optimizer != Optimizer.Adam ? $", momentum {Number(o.EffectiveMomentum)}" : "")}" +
            $"{(o.Dropout > 0 ? $", dropout {Number(o.Dropout)}" : "")}{(o.WeightDecay > 0 ? $", weight decay {Number(o.WeightDecay)}" : "")}, seed {result.Seed}"));
        if (result.Widths is not null)
        {
            table.AddRow("widths", string.Join(" - ", result.Widths));
            table.AddRow("parameters", BuildReportView.Count(result.ParameterCount ?? 0));
        }
        table.AddRow("stopped", Markup.Escape(result.StopReason switch
        {
            StopReason.Memorized => $"memorized after {result.Steps} steps ({Number(result.Epochs)} epochs)",
            StopReason.StepBudget => $"step budget of {o.Steps} used up",
            StopReason.TimeLimit => $"time limit reached after {result.Steps} steps",
            _ => $"loss NaN at step {result.DivergedAtStep}",
        }));
        table.AddRow("final loss", Number(result.FinalLoss));
        table.AddRow("train accuracy (float32)", Percent(result.TrainAccuracy));
        if (result.Verification is { } check)
        {
            table.AddRow("train accuracy (float64 verify)", Percent(1 - (double)check.FailureCount / check.SampleCount));
            BuildReportView.AddVerificationRows(table, check);
        }
        table.AddRow("time per step", $"{(result.SecondsPerStep * 1000).ToString("G4", CultureInfo.InvariantCulture)} ms");
        table.AddRow("training time", $"{result.Seconds.ToString("F2", CultureInfo.InvariantCulture)} s (the training loop, without data loading and verification)");
        table.AddRow("backend", Markup.Escape(result.Backend));
        if (result.Model is not null) table.AddRow("saved", Markup.Escape(result.Model));
        if (result.CurvesFile is not null) table.AddRow("curves", Markup.Escape(result.CurvesFile));
        console.Write(table);
    }

    private static Option<T> WordOption<T>(string name, string description, T defaultValue) where T : struct, Enum
    {
        string[] words = Enum.GetValues<T>().Select(Word).ToArray();
        return new Option<T>(name)
        {
            Description = $"{description} Default {Word(defaultValue)}.",
            HelpName = string.Join("|", words),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Single().Value;
                int index = Array.IndexOf(words, text.ToLowerInvariant());
                if (index >= 0) return Enum.GetValues<T>()[index];
                result.AddError($"{name} {text} is not valid; expected one of {string.Join(", ", words)}.");
                return defaultValue;
            },
        };
    }

    private static int[] ParseWidths(ArgumentResult result)
    {
        string text = result.Tokens.Single().Value;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
            {
                result.AddError($"--hidden {text} is not valid; give widths >= 1 separated by commas, e.g. 160 or 256,64.");
                return [];
            }
        }
        return widths;
    }

    private static string Word<T>(T value) where T : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
