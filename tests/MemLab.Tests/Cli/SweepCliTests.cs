using MemLab.Store;
using System.Diagnostics;
using MemLab.Tests.Data.Loaders;
using MemLab.Tests.Store;
using Microsoft.Data.Sqlite;

namespace MemLab.Tests.Cli;

/// <summary>
/// The sweep commands end to end: in-process for output and errors, and as a real child process
/// (<c>dotnet MemLab.Cli.dll</c>, copied beside the tests) for SIGKILL and SIGINT.
/// </summary>
[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public class SweepCliTests : IDisposable
{
    /// <summary>200 runs: 5 sizes x 4 noise levels x 10 repetitions.</summary>
    private const string TwoHundredRuns = """
        { "name": "kill-test", "task": "geometry", "data": "moons",
          "grid": { "n": { "from": 100, "to": 300, "step": 50 }, "noise": [0.05, 0.1, 0.15, 0.2] },
          "repetitions": 10, "seed": 11, "metrics": ["delta", "rank"] }
        """;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void SweepRun_KilledWithSigkillAtARandomMoment_ResumesToExactlyOneRowPerRun()
    {
        string spec = Write("kill.json", TwoHundredRuns);
        string db = _folder.File("kill.db");
        int target = Random.Shared.Next(1, 150);
        using (var child = StartChild("sweep", "run", spec, "--db", db, "--workers", "2", "--blas", "managed"))
        {
            bool reached = WaitFor(() => RowCount(db) >= target || child.HasExited, TimeSpan.FromSeconds(20));
            Assert.True(reached, $"no {target} rows within 20 s");
            child.Kill();
            child.WaitForExit();
        }
        int before = RowCount(db);
        Assert.True(before < 200, $"the sweep finished ({before} rows) before the kill at {target} rows; make its runs slower");

        var resumed = RunChild("sweep", "run", spec, "--db", db, "--workers", "2", "--blas", "managed", "--json");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(200, RowCount(db));
        Assert.Equal(200, Scalar(db, "SELECT count(DISTINCT cell_index * 1000 + repetition) FROM runs"));
        Assert.Equal(0, Scalar(db, "SELECT count(*) FROM runs WHERE status <> 'ok'"));

        // Every row equals the same run done without interruption.
        string reference = _folder.File("reference.db");
        var uninterrupted = CliRunner.Run("sweep", "run", spec, "--db", reference, "--workers", "2", "--blas", "managed");
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Error);
        Assert.Equal(SqliteRunStoreTests.Rows(reference), SqliteRunStoreTests.Rows(db));
    }

    [Fact]
    public void SweepRun_Sigint_FinishesCleanlyAndSaysHowToResume()
    {
        string spec = Write("slow.json", """
            { "name": "sigint-test", "task": "geometry", "data": "moons", "grid": { "n": [3000] }, "repetitions": 400, "metrics": ["delta"] }
            """);
        string db = _folder.File("slow.db");
        using var child = StartChild("sweep", "run", spec, "--db", db, "--workers", "1", "--blas", "managed");
        Assert.True(WaitFor(() => RowCount(db) >= 2 || child.HasExited, TimeSpan.FromSeconds(20)), "no rows within 20 s");
        Assert.False(child.HasExited, "the sweep finished before the signal; make its runs more numerous");
        // A shell without job control starts background commands with SIGINT ignored, and the child inherits that
        // (memlab then rightly ignores Ctrl-C); there SIGTERM, which memlab handles the same way, stands in for it.
        string signalName = SigintIgnored() ? "-TERM" : "-INT";
        using (var signal = Process.Start("kill", [signalName, child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            signal.WaitForExit();
        string error = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(20_000), "the sweep did not stop after SIGINT");
        Assert.Equal(130, child.ExitCode);
        Assert.Contains($"Resume with: memlab sweep run {spec} --db {db}", error);
        int rows = RowCount(db);
        Assert.InRange(rows, 2, 399);
        Assert.Equal(rows, Scalar(db, "SELECT count(DISTINCT repetition) FROM runs"));
    }

    [Fact]
    public void SweepRun_Json_ReportsCountsAndResultsAggregates()
    {
        string spec = Write("s.json", """
            { "name": "cli", "task": "geometry", "data": "moons", "grid": { "n": [40], "noise": [-1, 0.1] }, "repetitions": 3, "metrics": ["delta"] }
            """);
        string db = _folder.File("s.db");
        var run = CliRunner.Run("sweep", "run", spec, "--db", db, "--workers", "2", "--blas", "managed", "--json");
        Assert.True(run.ExitCode == 3, run.Error);
        var summary = run.Json();
        Assert.Equal(3, summary.GetProperty("succeeded").GetInt32());
        Assert.Equal(3, summary.GetProperty("failed").GetInt32());
        Assert.Contains("noise=-1", summary.GetProperty("first_failure").GetString());

        string csv = _folder.File("r.csv");
        var results = CliRunner.Run("results", db, "--json", "--csv", csv);
        Assert.True(results.ExitCode == 0, results.Error);
        var cells = results.Json().GetProperty("cells");
        Assert.Equal(2, cells.GetArrayLength());
        Assert.Equal(0, cells[0].GetProperty("succeeded").GetInt32());
        Assert.Equal(1.0, cells[1].GetProperty("success_rate").GetDouble());
        Assert.Equal(3, File.ReadAllLines(csv).Length);
    }

    [Fact]
    public void SweepRun_UnknownParameter_ExitsOneListingValidNames()
    {
        string spec = Write("bad.json", """{ "name": "b", "task": "geometry", "data": "moons", "grid": { "width": [10] } }""");
        var outcome = CliRunner.Run("sweep", "run", spec, "--db", _folder.File("b.db"), "--blas", "managed");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Unknown grid parameter 'width'", outcome.Error);
        Assert.Contains("noise (data moons)", outcome.Error);
    }

    [Fact]
    public void SweepRun_RunsFailedForAMissingDataFolder_ExitThreeAndRunAgainOnResume()
    {
        string db = _folder.File("m.db");
        string spec = Write("m.json", """{ "name": "m", "task": "geometry", "data": "mnist:split=test", "grid": { "subsample": [40, 60] } }""");
        var broken = CliRunner.Run("sweep", "run", spec, "--db", db, "--blas", "managed", "--data-dir", _folder.File("nowhere"), "--json");
        Assert.Equal(3, broken.ExitCode);
        Assert.Equal(2, broken.Json().GetProperty("failed").GetInt32());
        Assert.Contains("run them again", broken.Error);

        var fixedRun = CliRunner.Run("sweep", "run", spec, "--db", db, "--blas", "managed", "--data-dir", TestData.Directory, "--json");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.Error);
        Assert.Equal(2, fixedRun.Json().GetProperty("succeeded").GetInt32());
        Assert.Equal(0, fixedRun.Json().GetProperty("already_recorded").GetInt32());
        using var store = SqliteRunStore.OpenExisting(db, TimeSpan.FromSeconds(5));
        Assert.All(store.ReadRuns(), run => Assert.Equal(RunStatus.Ok, run.Status));
        Assert.Equal(2, store.ReadRuns().Count);
    }

    [Fact]
    public void SweepRun_DatabaseOfAnotherSpec_ExitsOneSuggestingNewDb()
    {
        string db = _folder.File("r.db");
        string first = Write("a.json", """{ "name": "a", "task": "geometry", "data": "moons", "grid": { "n": [30] } }""");
        string second = Write("b.json", """{ "name": "a", "task": "geometry", "data": "moons", "grid": { "n": [31] } }""");
        Assert.Equal(0, CliRunner.Run("sweep", "run", first, "--db", db, "--blas", "managed").ExitCode);
        var outcome = CliRunner.Run("sweep", "run", second, "--db", db, "--blas", "managed");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--db for sweep run", outcome.Error);
    }

    [Fact]
    public void SweepRun_ThreadsAboveOne_IsRefusedPointingToWorkers()
    {
        string spec = Write("a.json", """{ "name": "a", "task": "geometry", "data": "moons", "grid": { "n": [30] } }""");
        var outcome = CliRunner.Run("sweep", "run", spec, "--db", _folder.File("r.db"), "--threads", "4");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--threads 4", outcome.Error);
        Assert.Contains("--workers", outcome.Error);
    }

    [Fact]
    public void Merge_ShardsThenTwice_AddsNothingTheSecondTime()
    {
        string spec = Write("m.json", """{ "name": "m", "task": "geometry", "data": "moons", "grid": { "n": [30, 40] }, "repetitions": 3 }""");
        var shards = new List<string>();
        for (int i = 0; i < 2; i++)
        {
            shards.Add(_folder.File($"s{i}.db"));
            Assert.Equal(0, CliRunner.Run("sweep", "run", spec, "--db", shards[i], "--shard", $"{i}/2", "--blas", "managed").ExitCode);
        }
        string all = _folder.File("all.db");
        var first = CliRunner.Run(["merge", .. shards, "-o", all, "--json"]);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal(6, first.Json().GetProperty("summary").GetProperty("added").GetInt32());
        var second = CliRunner.Run(["merge", .. shards, "-o", all, "--json"]);
        Assert.Equal(0, second.Json().GetProperty("summary").GetProperty("added").GetInt32());
        Assert.Equal(6, RowCount(all));
    }

    [Fact]
    public void Reproduce_List_NamesEveryShippedSweepWithItsRunCount()
    {
        var outcome = CliRunner.Run("reproduce", "--list");
        Assert.Equal(0, outcome.ExitCode);
        string[] entries = outcome.Out.Split('\n').Where(line => line.Contains(" (v")).ToArray();
        Assert.Contains(entries, line => line.StartsWith("moons-geometry (v1, geometry, 45 runs):", StringComparison.Ordinal));
        Assert.Contains(entries, line => line.StartsWith("finke-moons (v2, finke, 8800 runs):", StringComparison.Ordinal));
        Assert.Equal(MemLab.Experiments.CannedSweeps.All().Count, entries.Length);
    }

    [Fact]
    public void Reproduce_MoonsGeometry_RecordsEveryRun()
    {
        string db = _folder.File("m.db");
        string report = _folder.File("report");
        var outcome = CliRunner.Run("reproduce", "moons-geometry", "--db", db, "--report", report, "--blas", "managed");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal(45, RowCount(db));
        Assert.True(File.Exists(Path.Combine(report, "index.html")), outcome.Error);
        Assert.Contains("45 of 45 runs recorded", outcome.Out);
    }

    [Fact]
    public void Slurm_WritesTheScript()
    {
        string spec = Write("m.json", """{ "name": "m", "task": "geometry", "data": "moons", "grid": { "n": [30, 40, 50] } }""");
        string script = _folder.File("m.sbatch");
        var outcome = CliRunner.Run("slurm", spec, "--array", "3", "--time", "10", "--mem", "1G", "--memlab", "dotnet /opt/m.dll", "-o", script);
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        string text = File.ReadAllText(script);
        Assert.Contains("#SBATCH --array=0-2", text);
        Assert.Contains("run_memlab() { dotnet /opt/m.dll \"$@\"; }", text);
        Assert.Contains("run_memlab sweep run ", text);
        Assert.Contains("run_memlab merge ", text);
    }

    private string Write(string name, string text)
    {
        string path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status), as its children then do.</summary>
    private static bool SigintIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }

    private static Process StartChild(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MemLab.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("CI");
        var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        return process;
    }

    private static CliRunner.Outcome RunChild(params string[] args)
    {
        using var child = StartChild(args);
        string error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        return new CliRunner.Outcome(child.ExitCode, "", error);
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    private static int RowCount(string db) => File.Exists(db) ? Scalar(db, "SELECT count(*) FROM runs") : 0;

    private static int Scalar(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'runs'";
        if ((long)command.ExecuteScalar()! == 0) return 0;
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
