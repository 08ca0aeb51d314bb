using System.Diagnostics;
using System.Globalization;

namespace MemLab.Cli;

/// <summary>
/// Shows the progress of long work on stderr: nothing during the first two seconds, then the percentage done,
/// elapsed time and an estimate of the time left. On a terminal it rewrites one line; otherwise (a pipe, a log
/// file, CI) it prints a plain line every ten seconds. Disposing it ends the line.
/// </summary>
internal sealed class StderrProgress(string task, TextWriter error, bool interactive) : IProgress<double>, IDisposable
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _interval = interactive ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(10);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastShown = TimeSpan.Zero;
    private bool _shown;

    public void Report(double fraction)
    {
        TimeSpan elapsed = _clock.Elapsed;
        if (elapsed < Silence || elapsed - _lastShown < _interval) return;
        _lastShown = elapsed;
        _shown = true;
        string left = fraction > 0 ? $", about {Seconds(elapsed * ((1 - fraction) / fraction))} left" : "";
        string line = $"memlab: {task} {(fraction * 100).ToString("F0", CultureInfo.InvariantCulture)}% ({Seconds(elapsed)} elapsed{left})";
        if (interactive) error.Write("\r" + line.PadRight(100));
        else error.WriteLine(line);
    }

    public void Dispose()
    {
        if (_shown && interactive) error.WriteLine();
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s";
}
