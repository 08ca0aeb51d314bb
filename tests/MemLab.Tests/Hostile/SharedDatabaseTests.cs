using MemLab.Experiments;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;
using MemLab.Tests.Experiments;
using Microsoft.Data.Sqlite;

namespace MemLab.Tests.Hostile;

/// <summary>
/// Sweeps that share one database, plan without listing their runs, and grids with repeated values: two runners
/// never compute one run twice, a killed process's claims expire, and a repeated grid value runs once.
/// </summary>
public sealed class SharedDatabaseTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TwoRunnersOnOneDatabase_ComputeEveryRunOnce()
    {
        var spec = TestSweeps.Moons(["30", "40", "50", "60"], ["0.05", "0.1", "0.15"], 3);
        string path = _folder.File("shared.db");
        using (SqliteRunStore.Open(path, spec, Timeout)) { }
        var summaries = new SweepSummary[2];
        var runners = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            using var store = SqliteRunStore.Open(path, spec, Timeout);
            summaries[i] = SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2));
        })).ToList();
        runners.ForEach(r => r.Start());
        runners.ForEach(r => r.Join());

        Assert.Equal(spec.RunCount, summaries.Sum(s => s.Succeeded));
        using var check = SqliteRunStore.OpenExisting(path, Timeout);
        Assert.Equal(spec.RunCount, check.ReadRuns().Count);
        Assert.Equal(0, ClaimCount(path));
    }

    [Fact]
    public void Claim_HeldByALiveProcess_IsRespected_OfAKilledOne_Expires()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 4);
        string path = _folder.File("claims.db");
        using var mine = SqliteRunStore.Open(path, spec, Timeout);
        using var other = SqliteRunStore.Open(path, spec, Timeout);
        Assert.True(mine.TryClaim(new RunKey(0, 0)));
        Assert.False(other.TryClaim(new RunKey(0, 0)));
        Assert.True(mine.TryClaim(new RunKey(0, 0)), "a store may renew its own claim");

        // A claim of a process that no longer runs on this machine, with its lease still ahead: expired at once.
        InsertClaim(path, spec, new RunKey(0, 1), Environment.MachineName, pid: 4_194_304 + 5, leaseAheadMs: 600_000);
        Assert.True(other.TryClaim(new RunKey(0, 1)));
        // Another machine's claim whose lease ran out (its process stopped renewing it): expired.
        InsertClaim(path, spec, new RunKey(0, 2), "elsewhere", pid: 1, leaseAheadMs: -1);
        Assert.True(other.TryClaim(new RunKey(0, 2)));
        // Another machine's live claim: respected.
        InsertClaim(path, spec, new RunKey(0, 3), "elsewhere", pid: 1, leaseAheadMs: 600_000);
        Assert.False(other.TryClaim(new RunKey(0, 3)));
    }

    [Fact]
    public void Claim_OfARunRecordedAsSuccessful_IsRefused()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 1);
        string path = _folder.File("done.db");
        using var store = SqliteRunStore.Open(path, spec, Timeout);
        SweepRunner.Run(spec, store, TestSweeps.Options());
        using var other = SqliteRunStore.Open(path, spec, Timeout);
        Assert.False(other.TryClaim(new RunKey(0, 0)));
    }

    [Fact]
    public void DuplicateGridValues_RunOnce()
    {
        string path = _folder.File("spec.json");
        File.WriteAllText(path, """{ "name": "d", "task": "geometry", "data": "moons", "grid": { "n": [30, 30, 40, 30.0] }, "repetitions": 2 }""");
        var spec = SweepSpec.Load(path);
        Assert.Equal(["30", "40"], spec.Grid[0].Values);
        Assert.Equal(4, spec.RunCount);
        using var store = SqliteRunStore.Open(_folder.File("d.db"), spec, Timeout);
        Assert.Equal(4, SweepRunner.Run(spec, store, TestSweeps.Options()).Succeeded);
    }

    [Fact]
    public void RunAt_IsTheGridInOrder_FirstParameterSlowest()
    {
        string[] sizes = ["30", "40", "50"], noises = ["0.05", "0.1"];
        var spec = TestSweeps.Moons(sizes, noises, 3);
        int ordinal = 0;
        foreach (string n in sizes)
            foreach (string noise in noises)
                for (int r = 0; r < 3; r++, ordinal++)
                {
                    var run = spec.RunAt(ordinal);
                    Assert.Equal($"n={n},noise={noise}", run.Cell.Key);
                    Assert.Equal(ordinal / 3, run.Cell.Index);
                    Assert.Equal(r, run.Repetition);
                    Assert.Equal(spec.Seed.Derive(run.Cell.Key).Derive(r), run.Seed);
                }
        Assert.Equal(ordinal, spec.RunCount);
    }

    [Fact]
    public void HundredMillionRunSweep_StartsAtOnceAndRecordsItsFirstRuns()
    {
        // 10^8 runs: a plan listed in memory took gigabytes before the first run; the arithmetic plan takes none.
        var spec = TestSweeps.Moons(["20", "21", "22", "23", "24", "25", "26", "27", "28", "29"], ["0.1"], 10_000_000);
        Assert.Equal(100_000_000, spec.RunCount);
        using var store = SqliteRunStore.Open(_folder.File("huge.db"), spec, Timeout);
        using var stop = new CancellationTokenSource();
        var summary = SweepRunner.Run(spec, store, TestSweeps.Options(),
            new Progress(p => { if (p.Done >= 3) stop.Cancel(); }), stop.Token);
        Assert.InRange(summary.Succeeded, 3, 4);
        Assert.Equal(100_000_000 - summary.Succeeded, summary.NotRun);
    }

    private sealed class Progress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }

    private static void InsertClaim(string path, SweepSpec spec, RunKey key, string host, int pid, long leaseAheadMs)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO claims (spec_hash, cell_index, repetition, owner, host, pid, expires_ms) VALUES ($h, $c, $r, $o, $host, $pid, $e)";
        command.Parameters.AddWithValue("$h", spec.Hash);
        command.Parameters.AddWithValue("$c", key.CellIndex);
        command.Parameters.AddWithValue("$r", key.Repetition);
        command.Parameters.AddWithValue("$o", $"{host}:{pid}:test");
        command.Parameters.AddWithValue("$host", host);
        command.Parameters.AddWithValue("$pid", pid);
        command.Parameters.AddWithValue("$e", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + leaseAheadMs);
        command.ExecuteNonQuery();
    }

    private static long ClaimCount(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM claims";
        return (long)command.ExecuteScalar()!;
    }
}
