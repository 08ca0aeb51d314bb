using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MemLab.Tests.Data.Loaders;
using MemLab.Tests.Store;

namespace MemLab.Tests.Cli;

/// <summary>
/// <c>memlab slurm</c> on a live cluster: the generated script is submitted as it is, its job array runs the shards
/// with the real CLI (<c>dotnet MemLab.Cli.dll</c>, copied beside the tests) and its merge job combines them.
/// </summary>
[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public partial class SlurmIntegrationTests : IDisposable
{
    /// <summary>12 runs: 3 sizes x 2 noise levels x 2 repetitions, split over 3 array tasks.</summary>
    private const string TwelveRuns = """
        { "name": "slurm-test", "task": "geometry", "data": "moons",
          "grid": { "n": [30, 40, 50], "noise": [0.05, 0.1] }, "repetitions": 2, "seed": 5, "metrics": ["delta", "rank"] }
        """;

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [SlurmFact]
    public void Slurm_ScriptSubmittedToACluster_MergedDatabaseEqualsALocalRun()
    {
        string? unavailable = SlurmFactAttribute.Unavailable();
        Assert.True(unavailable is null, $"MEMLAB_REQUIRE_SLURM=1 but {unavailable}");
        string spec = _folder.File("spec.json");
        File.WriteAllText(spec, TwelveRuns);
        string shards = _folder.File("shards");
        string script = _folder.File("sweep.sbatch");
        string memlab = "dotnet '" + Path.Combine(AppContext.BaseDirectory, "MemLab.Cli.dll") + "'";
        var written = CliRunner.Run("slurm", spec, "--array", "3", "--time", "5", "--mem", "500M", "--dir", shards, "--memlab", memlab, "-o", script);
        Assert.True(written.ExitCode == 0, written.Error);

        var submit = Run("bash", script);
        var submitted = Submitted().Match(submit.Out);
        Assert.True(submit.ExitCode == 0 && submitted.Success, $"bash {script} exited {submit.ExitCode}: {submit.Out} {submit.Error}");
        string jobs = submitted.Groups[1].Value + "," + submitted.Groups[2].Value;
        var clock = Stopwatch.StartNew();
        while (Run("squeue", "-h", "-j", jobs, "-o", "%i").Out.Trim().Length > 0)
        {
            Assert.True(clock.Elapsed < JobTimeout, $"jobs {jobs} still queued or running after {JobTimeout.TotalMinutes} min:\n{Logs(shards)}");
            Thread.Sleep(250);
        }

        string merged = Path.Combine(shards, "results.db");
        Assert.True(File.Exists(merged), $"the merge job wrote no {merged}:\n{Logs(shards)}");
        string reference = _folder.File("local.db");
        var local = CliRunner.Run("sweep", "run", spec, "--db", reference, "--workers", "2");
        Assert.True(local.ExitCode == 0, local.Error);
        var expected = SqliteRunStoreTests.Rows(reference);
        Assert.Equal(12, expected.Count);
        Assert.Equal(expected, SqliteRunStoreTests.Rows(merged));
    }

    /// <summary>Every Slurm log the jobs wrote, for failure messages.</summary>
    private static string Logs(string folder)
    {
        var text = new StringBuilder();
        if (!Directory.Exists(folder)) return $"(no folder {folder})";
        foreach (string log in Directory.GetFiles(folder, "slurm-*.out").Order())
            text.Append("--- ").AppendLine(log).AppendLine(File.ReadAllText(log));
        return text.Length == 0 ? $"(no slurm-*.out logs in {folder})" : text.ToString();
    }

    private static CliRunner.Outcome Run(string program, params string[] args)
    {
        using var child = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return new CliRunner.Outcome(child.ExitCode, output, error.Result);
    }

    [GeneratedRegex(@"submitted array job (\d+) .*and merge job (\d+)")]
    private static partial Regex Submitted();
}
