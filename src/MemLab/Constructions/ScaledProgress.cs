namespace MemLab.Constructions;

/// <summary>Maps a sub-task's progress in [0, 1] onto [start, start + span] of the whole task's progress.</summary>
internal sealed class ScaledProgress(IProgress<double> whole, double start, double span) : IProgress<double>
{
    public void Report(double value) => whole.Report(start + span * Math.Clamp(value, 0, 1));

    /// <summary>The sub-task's reporter, or null when nobody listens.</summary>
    public static IProgress<double>? Of(IProgress<double>? whole, double start, double span) =>
        whole is null ? null : new ScaledProgress(whole, start, span);
}
