namespace MemLab.Experiments;

/// <summary>What one invocation of <see cref="SweepRunner.Run"/> did.</summary>
/// <param name="Name">The sweep's name.</param>
/// <param name="SpecHash">The sweep's <see cref="SweepSpec.Hash"/>.</param>
/// <param name="Shard">The part of the sweep that was run.</param>
/// <param name="SweepRuns">Runs in the whole sweep.</param>
/// <param name="ShardRuns">Runs in the shard.</param>
/// <param name="AlreadyRecorded">Runs of the shard the store already held, which were skipped.</param>
/// <param name="Succeeded">Runs that finished and were recorded with their metrics.</param>
/// <param name="Failed">Runs that threw and were recorded as failed.</param>
/// <param name="NotRun">Runs left undone because the sweep was cancelled; running it again does them (runs another process computes are not counted here).</param>
/// <param name="Elapsed">Wall time of this invocation.</param>
/// <param name="FirstFailure">The cell, repetition and message of the first failure seen, or null.</param>
public sealed record SweepSummary(
    string Name,
    string SpecHash,
    Shard Shard,
    int SweepRuns,
    int ShardRuns,
    int AlreadyRecorded,
    int Succeeded,
    int Failed,
    int NotRun,
    TimeSpan Elapsed,
    string? FirstFailure)
{
    /// <summary>Runs of the shard this invocation skipped because another process sharing the store had claimed or finished them.</summary>
    public int ClaimedElsewhere { get; init; }

    /// <summary>Whether the sweep stopped early (cancelled) with runs left to do.</summary>
    public bool Cancelled => NotRun > 0;
}
