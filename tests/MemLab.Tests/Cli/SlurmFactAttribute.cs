using System.Diagnostics;

namespace MemLab.Tests.Cli;

/// <summary>
/// A fact that needs a live Slurm cluster: <c>sbatch</c> and <c>sinfo</c> on the PATH and a node that answers
/// (idle, mixed or allocated). Where there is none the test is skipped with the reason, so the missing coverage shows in
/// the test report; with MEMLAB_REQUIRE_SLURM=1 (set by CI once .ci/slurm-start.sh has started Slurm) it runs anyway
/// and fails.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>Skips the test, saying why, unless a Slurm node answers or Slurm is required.</summary>
    public SlurmFactAttribute()
    {
        bool required = Environment.GetEnvironmentVariable("MEMLAB_REQUIRE_SLURM") == "1";
        if (!required && Unavailable() is { } reason)
            Skip = $"{reason}; the sharded sweep was not run on a cluster. Start one with .ci/slurm-start.sh (root, Debian) or set MEMLAB_REQUIRE_SLURM=1 to make this a failure.";
    }

    /// <summary>Why no Slurm job can run here, or null when a node answers.</summary>
    public static string? Unavailable()
    {
        foreach (string tool in (string[])["sbatch", "sinfo", "squeue"])
            if (!OnPath(tool))
                return $"Slurm is not installed ('{tool}' is not on the PATH)";
        var start = new ProcessStartInfo("sinfo", ["-h", "-o", "%t"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var sinfo = Process.Start(start)!;
        var output = sinfo.StandardOutput.ReadToEndAsync();
        var error = sinfo.StandardError.ReadToEndAsync();
        if (!sinfo.WaitForExit(5_000))
        {
            sinfo.Kill();
            return "the Slurm controller does not answer ('sinfo' took over 5 s)";
        }
        if (sinfo.ExitCode != 0)
            return $"the Slurm controller does not answer ('sinfo' exited {sinfo.ExitCode}: {error.Result.Trim()})";
        string[] states = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!states.Any(state => state.StartsWith("idle", StringComparison.Ordinal) || state.StartsWith("mix", StringComparison.Ordinal) || state.StartsWith("alloc", StringComparison.Ordinal)))
            return $"no Slurm node is up (sinfo node states: {(states.Length == 0 ? "none" : string.Join(", ", states))})";
        return null;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
