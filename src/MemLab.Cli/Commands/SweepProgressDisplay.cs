using System.Globalization;
using MemLab.Experiments;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// Shows a running sweep on stderr: a Spectre.Console progress bar with runs done/total, failures, rate and time left on
/// a terminal; otherwise (a pipe, a log file, CI) a plain line every ten seconds and one at the end.
/// </summary>
internal sealed class SweepProgressDisplay(string name, TextWriter error) : IProgress<SweepProgress>
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly Lock _gate = new();
    private TimeSpan _lastShown = TimeSpan.Zero;
    private SweepProgress? _last;
    private ProgressTask? _bar;

    /// <summary>Runs <paramref name="work"/> while showing its progress: under a live progress bar when <paramref name="interactive"/>.</summary>
    public T Show<T>(bool interactive, Func<IProgress<SweepProgress>, T> work)
    {
        if (!interactive)
        {
            T result = work(this);
            if (_last is { } last && last.Elapsed >= Interval) error.WriteLine(Line(last));
            return result;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });
        return console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                _bar = context.AddTask(Markup.Escape($"sweep {name}"), autoStart: true, maxValue: 1);
                return work(this);
            });
    }

    public void Report(SweepProgress value)
    {
        lock (_gate)
        {
            _last = value;
            if (_bar is { } bar)
            {
                bar.MaxValue = Math.Max(1, value.Total);
                bar.Value = value.Done;
                bar.Description = Markup.Escape(Describe(value));
                return;
            }
            if (value.Elapsed - _lastShown < Interval) return;
            _lastShown = value.Elapsed;
            error.WriteLine(Line(value));
        }
    }

    private string Line(SweepProgress value)
    {
        string left = value.Remaining is { } remaining
            ? ", about " + remaining.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s left"
            : "";
        return $"memlab: {Describe(value)}, {value.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s elapsed{left}";
    }

    private string Describe(SweepProgress value) =>
        string.Create(CultureInfo.InvariantCulture,
            $"sweep {name} {value.Done}/{value.Total} runs{(value.Failed > 0 ? $" ({value.Failed} failed)" : "")}, {value.RunsPerSecond:F1} runs/s");
}
