using MemLab.Experiments;
using MemLab.Store;
using MemLab.Tests.Data.Loaders;
using MemLab.Tests.Experiments;
using Microsoft.Data.Sqlite;

namespace MemLab.Tests.Store;

public class SqliteRunStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_CreatesWalDatabaseThatRecordsTheSpec()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 1);
        string path = _folder.File("r.db");
        using (SqliteRunStore.Open(path, spec, Timeout)) { }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT spec_hash FROM sweep";
        Assert.Equal(spec.Hash, command.ExecuteScalar());
    }

    [Fact]
    public void Open_DatabaseOfAnotherSpec_IsRefusedSuggestingANewDb()
    {
        string path = _folder.File("r.db");
        using (SqliteRunStore.Open(path, TestSweeps.Moons(["30"], ["0.1"], 1), Timeout)) { }
        var changed = TestSweeps.Moons(["30"], ["0.1"], 2);
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.Open(path, changed, Timeout));
        Assert.Equal(MemLabErrorKind.ResultsStore, error.Kind);
        Assert.Contains(path, error.Message);
        Assert.Contains(changed.Hash[..12], error.Message);
        Assert.Contains("--db for sweep run", error.Message);
        Assert.Contains("-o for merge", error.Message);
    }

    [Fact]
    public void Open_LockedByAnotherWriter_WaitsThenFailsClearly()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 1);
        string path = _folder.File("r.db");
        using (SqliteRunStore.Open(path, spec, Timeout)) { }
        using var holder = new SqliteConnection($"Data Source={path};Pooling=False");
        holder.Open();
        using var transaction = holder.BeginTransaction(deferred: false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.Open(path, spec, TimeSpan.FromSeconds(0.5)));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.4), $"gave up after {clock.Elapsed}");
        Assert.Equal(MemLabErrorKind.ResultsStore, error.Kind);
        Assert.Contains($"{path} is locked", error.Message);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public void Open_FileThatIsNotSqlite_IsInvalidFile()
    {
        string path = _folder.File("notes.db");
        File.WriteAllText(path, "these are notes, not a database, and they are long enough to fill a header page");
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.Open(path, TestSweeps.Moons(["30"], ["0.1"], 1), Timeout));
        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void OpenExisting_Missing_IsFileNotFound()
    {
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.OpenExisting(_folder.File("none.db"), Timeout));
        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
    }

    [Fact]
    public void OpenExisting_ReadsButCannotWrite()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 1);
        string path = _folder.File("r.db");
        var record = SweepRunner.RunOne(spec, spec.Runs()[0], TestSweeps.Options());
        using (var writer = SqliteRunStore.Open(path, spec, Timeout)) writer.Record(record);
        using var reader = SqliteRunStore.OpenExisting(path, Timeout);
        Assert.Single(reader.ReadRuns());
        var error = Assert.Throws<MemLabException>(() => reader.Record(record with { Repetition = 1 }));
        Assert.Equal(8, Assert.IsType<SqliteException>(error.InnerException).SqliteErrorCode);
    }

    [Fact]
    public void OpenExisting_NewerSchema_IsRefusedNamingBothVersions()
    {
        string path = _folder.File("r.db");
        using (SqliteRunStore.Open(path, TestSweeps.Moons(["30"], ["0.1"], 1), Timeout)) { }
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.OpenExisting(path, Timeout));
        Assert.Equal(MemLabErrorKind.ResultsStore, error.Kind);
        Assert.Contains("schema version 99", error.Message);
        Assert.Contains("newer memlab", error.Message);
    }

    [Fact]
    public void Record_SameRunTwice_KeepsOneRow()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1"], 1);
        using var store = SqliteRunStore.Open(_folder.File("r.db"), spec, Timeout);
        var record = SweepRunner.RunOne(spec, spec.Runs()[0], TestSweeps.Options());
        store.Record(record);
        store.Record(record with { DurationMilliseconds = 1 });
        Assert.Single(store.ReadRuns());
        Assert.Equal([new RunKey(0, 0)], store.RecordedRuns());
    }

    [Fact]
    public void Merge_ThreeShards_EqualsTheUnshardedRunRowForRow()
    {
        var spec = TestSweeps.Moons(["30", "50"], ["0.05", "0.1", "0.2"], 4);
        string whole = _folder.File("whole.db");
        using (var store = SqliteRunStore.Open(whole, spec, Timeout)) SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2));
        var shards = Enumerable.Range(0, 3).Select(i => _folder.File($"shard-{i}.db")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            using var store = SqliteRunStore.Open(shards[i], spec, Timeout);
            var summary = SweepRunner.Run(spec, store, TestSweeps.Options(workers: 2) with { Shard = new Shard(i, 3) });
            Assert.Equal(8, summary.ShardRuns);
        }
        var merged = SqliteRunStore.Merge(shards, _folder.File("merged.db"), Timeout);
        Assert.Equal(new MergeSummary(3, 24, 0, 24), merged);
        Assert.Equal(Rows(whole), Rows(_folder.File("merged.db")));
    }

    [Fact]
    public void Merge_Twice_IsIdempotent()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1", "0.2"], 2);
        string a = _folder.File("a.db");
        using (var store = SqliteRunStore.Open(a, spec, Timeout)) SweepRunner.Run(spec, store, TestSweeps.Options());
        string output = _folder.File("all.db");
        SqliteRunStore.Merge([a], output, Timeout);
        var again = SqliteRunStore.Merge([a, a], output, Timeout);
        Assert.Equal(new MergeSummary(2, 0, 8, 4), again);
        Assert.Equal(Rows(a), Rows(output));
    }

    [Fact]
    public void Merge_ConflictingResultsForOneRun_IsRefusedAndWritesNothing()
    {
        var spec = TestSweeps.Moons(["30"], ["0.1", "0.2"], 1);
        string good = _folder.File("good.db"), bad = _folder.File("bad.db"), output = _folder.File("all.db");
        using (var store = SqliteRunStore.Open(good, spec, Timeout)) SweepRunner.Run(spec, store, TestSweeps.Options());
        using (var store = SqliteRunStore.Open(bad, spec, Timeout))
        {
            var record = SweepRunner.RunOne(spec, spec.Runs()[1], TestSweeps.Options());
            store.Record(record with { Metrics = new Dictionary<string, double?> { ["delta"] = 1.5, ["min_distance"] = 0.5, ["rank"] = 2 } });
        }
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.Merge([good, bad], output, Timeout));
        Assert.Equal(MemLabErrorKind.ResultsStore, error.Kind);
        Assert.Contains("n=30,noise=0.2 repetition 0", error.Message);
        Assert.Contains(bad, error.Message);
        Assert.Contains("\"delta\":1.5", error.Message);
        Assert.False(File.Exists(output), "a refused merge left an (empty) output database behind");
    }

    [Fact]
    public void Merge_DatabasesOfDifferentSpecs_IsRefused()
    {
        string a = _folder.File("a.db"), b = _folder.File("b.db");
        using (SqliteRunStore.Open(a, TestSweeps.Moons(["30"], ["0.1"], 1), Timeout)) { }
        using (SqliteRunStore.Open(b, TestSweeps.Moons(["40"], ["0.1"], 1), Timeout)) { }
        var error = Assert.Throws<MemLabException>(() => SqliteRunStore.Merge([a, b], _folder.File("all.db"), Timeout));
        Assert.Equal(MemLabErrorKind.ResultsStore, error.Kind);
        Assert.Contains(b, error.Message);
        Assert.False(File.Exists(_folder.File("all.db")));
    }

    /// <summary>The rows as SQLite holds them, without the timing and machine columns.</summary>
    internal static List<string> Rows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT spec_hash, cell_index, cell, parameters, repetition, seed, status, message, metrics FROM runs ORDER BY cell_index, repetition";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
        return rows;
    }
}
