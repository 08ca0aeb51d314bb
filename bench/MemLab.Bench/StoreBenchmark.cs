using System.Diagnostics;
using System.Globalization;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Store;

namespace MemLab.Bench;

/// <summary>
/// "store": the cost of recording runs in <see cref="SqliteRunStore"/> (WAL, full sync, one transaction per run).
/// Runs the same sweep of 10,000 tiny runs (geometry of 4-point moons, microseconds each) into SQLite and into an
/// in-memory store as the peer; the difference is the recording overhead, printed as a ratio against a sweep whose
/// runs take 10 ms each (10,000 x 10 ms / workers). Target: under 10%.
/// Usage: store [--runs N] [--workers W] [--folder DIR]
/// </summary>
internal static class StoreBenchmark
{
    private const double RunMilliseconds = 10;

    public static int Run(string[] args)
    {
        int runs = 10_000;
        int workers = 1;
        string folder = Path.GetTempPath();
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, CultureInfo.InvariantCulture, out runs) && runs >= 100:
                    break;
                case "--workers" when int.TryParse(value, CultureInfo.InvariantCulture, out workers) && workers >= 1:
                    break;
                case "--folder" when value is not null && Directory.Exists(value):
                    folder = value;
                    break;
                default:
                    Console.Error.WriteLine($"store: cannot read argument '{args[i]}'; usage: store [--runs N>=100] [--workers W] [--folder DIR]");
                    return 2;
            }
            i++;
        }

        int cells = 100;
        var spec = new SweepSpec
        {
            Name = "store-benchmark",
            Task = "geometry",
            Data = "moons:n=4",
            Grid = [new SweepParameter("noise", Enumerable.Range(0, cells).Select(i => (i / 1000.0).ToString("R", CultureInfo.InvariantCulture)).ToArray())],
            Repetitions = runs / cells,
        };
        int total = cells * spec.Repetitions;
        var options = new SweepRunOptions(new ManagedBlas(1)) { Workers = workers };
        Console.WriteLine($"store: {total} tiny runs (geometry of moons:n=4), {workers} worker(s); SQLite in {folder}");

        SweepRunner.Run(spec with { Repetitions = 1 }, new MemoryStore(), options);
        double memory = Seconds(() => SweepRunner.Run(spec, new MemoryStore(), options));
        string path = Path.Combine(folder, $"memlab-store-bench-{Environment.ProcessId}.db");
        double sqlite;
        try
        {
            using var store = SqliteRunStore.Open(path, spec, SqliteRunStore.DefaultLockTimeout);
            sqlite = Seconds(() => SweepRunner.Run(spec, store, options));
        }
        finally
        {
            foreach (string file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        }

        double overhead = Math.Max(0, sqlite - memory);
        double sweep = total * RunMilliseconds / 1000 / workers;
        Console.WriteLine($"in-memory store : {memory,8:F2} s  ({memory / total * 1e6,7:F1} us per run)");
        Console.WriteLine($"SQLite store    : {sqlite,8:F2} s  ({sqlite / total * 1e6,7:F1} us per run)");
        Console.WriteLine($"recording cost  : {overhead,8:F2} s  ({overhead / total * 1e6,7:F1} us per run)");
        Console.WriteLine($"sweep of {total} x {RunMilliseconds} ms runs on {workers} worker(s): {sweep:F1} s");
        Console.WriteLine($"ratio recording/sweep: {overhead / sweep:P1} (target < 10%)");
        return 0;
    }

    private static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The peer: a store that keeps records in memory and costs (almost) nothing.</summary>
    private sealed class MemoryStore : IRunStore
    {
        private readonly Lock _gate = new();
        private readonly List<RunRecord> _records = [];

        public IReadOnlySet<RunKey> RecordedRuns() => new HashSet<RunKey>();

        public bool TryClaim(RunKey key) => true;

        public void Record(RunRecord record)
        {
            lock (_gate) _records.Add(record);
        }
    }
}
