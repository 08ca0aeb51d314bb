using System.Diagnostics;
using MemLab.Tests.Cli;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Hostile;

/// <summary>
/// <c>memlab slurm</c> with a hostile <c>--dir</c> (spaces, quotes, <c>$()</c> and backticks): the script, run in its
/// three roles against a fake <c>sbatch</c> and a fake memlab that record their arguments, runs no command of the
/// name and passes every path through as one word, exactly as typed.
/// </summary>
public sealed class SlurmQuotingTests : IDisposable
{
    private const string Hostile = "sh ards$(touch PWN) `touch PWN2` \"dq\" 'sq' ;touch PWN3";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Slurm_HostileDir_SubmitsOnlyMemlabAndWritesWhereAsked()
    {
        string bin = _folder.File("bin");
        Directory.CreateDirectory(bin);
        string log = _folder.File("calls.log");
        // Each fake writes its name and then every argument on its own line, ending with a blank line.
        Fake(Path.Combine(bin, "sbatch"), "sbatch", "echo 42");
        string memlab = Path.Combine(bin, "fake-memlab");
        Fake(memlab, "memlab", "");
        string spec = _folder.File("spec.json");
        File.WriteAllText(spec, """{ "name": "q", "task": "geometry", "data": "moons", "grid": { "n": [30, 40, 50, 60] } }""");
        string script = _folder.File("q.sbatch");
        var written = CliRunner.Run("slurm", spec, "--array", "2", "--time", "5", "--mem", "1G", "--dir", Hostile, "--memlab", memlab, "-o", script);
        Assert.True(written.ExitCode == 0, written.Error);

        var submit = Bash(script, log, bin, []);
        Assert.True(submit.ExitCode == 0, submit.Error);
        Bash(script, log, bin, new() { ["SLURM_ARRAY_TASK_ID"] = "1" });
        Bash(script, log, bin, new() { ["MEMLAB_SLURM_MERGE"] = "1" });

        Assert.Empty(Directory.GetFiles(_folder.Path, "PWN*", SearchOption.AllDirectories));
        Assert.True(Directory.Exists(_folder.File(Hostile)), "the shard folder was not created under its exact name");
        var calls = File.ReadAllText(log).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('\n')).ToList();
        Assert.All(calls, call => Assert.Contains(call[0], new[] { "sbatch", "memlab" }));
        Assert.Equal(4, calls.Count);
        Assert.Contains($"--output={Hostile}/slurm-%A_%a.out", calls[0]);
        Assert.Contains("--export=ALL,MEMLAB_SLURM_MERGE=1", calls[1]);
        Assert.Equal(["memlab", "sweep", "run", spec, "--db", $"{Hostile}/shard-1.db", "--shard", "1/2", "--workers", "1"], calls[2]);
        Assert.Equal(["memlab", "merge", $"{Hostile}/shard-0.db", $"{Hostile}/shard-1.db", "-o", $"{Hostile}/results.db"], calls[3]);
    }

    [Theory]
    [InlineData("5", "has runs (4)")]
    [InlineData("1001", "between 1 and 1000")]
    public void Slurm_ArrayBeyondRunsOrMaximum_IsRefusedInOneLine(string array, string expected)
    {
        string spec = _folder.File("spec.json");
        File.WriteAllText(spec, """{ "name": "q", "task": "geometry", "data": "moons", "grid": { "n": [30, 40, 50, 60] } }""");
        var outcome = CliRunner.Run("slurm", spec, "--array", array, "--time", "5", "--mem", "1G", "-o", _folder.File("q.sbatch"));
        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error);
        Assert.Single(outcome.Error.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(_folder.File("q.sbatch")));
    }

    private static void Fake(string path, string name, string tail)
    {
        File.WriteAllText(path, $"#!/bin/bash\n{{ echo {name}; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo; }} >> \"$FAKE_LOG\"\n{tail}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private CliRunner.Outcome Bash(string script, string log, string bin, Dictionary<string, string> variables)
    {
        var start = new ProcessStartInfo("bash", [script]) { WorkingDirectory = _folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_LOG"] = log;
        start.Environment.Remove("SLURM_ARRAY_TASK_ID");
        start.Environment.Remove("MEMLAB_SLURM_MERGE");
        foreach (var (key, value) in variables) start.Environment[key] = value;
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return new CliRunner.Outcome(child.ExitCode, output, error.Result);
    }
}
