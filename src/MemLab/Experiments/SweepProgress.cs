namespace MemLab.Experiments;

/// <summary>Where a running sweep stands, reported after every finished run.</summary>
/// <param name="Done">Runs finished in this invocation (successful or failed).</param>
/// <param name="Total">Runs this invocation set out to do (the shard's runs not yet recorded).</param>
/// <param name="Failed">How many of the finished runs failed.</param>
/// <param name="Elapsed">Time since this invocation started running.</param>
public sealed record SweepProgress(int Done, int Total, int Failed, TimeSpan Elapsed)
{
    /// <summary>Finished runs per second so far (0 before the first).</summary>
    public double RunsPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>The time left at the rate so far; null before the first run finishes.</summary>
    public TimeSpan? Remaining => Done > 0 ? Elapsed * ((double)(Total - Done) / Done) : null;
}
