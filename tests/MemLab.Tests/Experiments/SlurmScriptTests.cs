using System.Diagnostics;
using MemLab.Experiments;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Experiments;

public class SlurmScriptTests
{
    private static readonly SweepSpec Spec = TestSweeps.Moons(["30", "40"], ["0.1"], 2);

    [Fact]
    public void Generate_ArrayOfKShardsThenAMergeOfAllKDatabases()
    {
        string script = SlurmScript.Generate(Spec, new SlurmOptions("/data/spec.json", 4, "1:00:00", "4G") { OutputDirectory = "out" });
        Assert.Contains("#SBATCH --array=0-3\n", script);
        Assert.Contains("#SBATCH --time=1:00:00\n", script);
        Assert.Contains("#SBATCH --mem=4G\n", script);
        Assert.Contains("spec='/data/spec.json'\n", script);
        Assert.Contains("folder='out'\n", script);
        Assert.Contains("run_memlab sweep run \"$spec\" --db \"$folder/shard-$SLURM_ARRAY_TASK_ID.db\" --shard \"$SLURM_ARRAY_TASK_ID/$tasks\"", script);
        Assert.Contains("--dependency=\"afterany:$array_job\"", script);
        Assert.Contains("run_memlab merge \"${shards[@]}\" -o \"$merged\"", script);
    }

    [Fact]
    public void Generate_IsValidBash()
    {
        using var folder = new TempDirectory();
        string path = folder.File("s.sbatch");
        File.WriteAllText(path, SlurmScript.Generate(Spec, new SlurmOptions("spec's.json", 3, "30", "500M")));
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", path]) { RedirectStandardError = true })!;
        string errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.True(bash.ExitCode == 0, errors);
    }

    [Theory]
    [InlineData(0, "1:00:00", "4G", "got 0")]
    [InlineData(5, "1:00:00", "4G", "has runs (4)")]
    [InlineData(1001, "1:00:00", "4G", "between 1 and 1000")]
    [InlineData(2, "one hour", "4G", "'one hour'")]
    [InlineData(2, "1:00:00", "4 GB", "'4 GB'")]
    [InlineData(2, "1:00:00\n", "4G", "not in Slurm's format")]
    [InlineData(2, "1:00:00", "4G\n", "not in Slurm's format")]
    public void Generate_BadOptions_NameTheValue(int array, string time, string memory, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => SlurmScript.Generate(Spec, new SlurmOptions("s.json", array, time, memory)));
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains(expected, error.Message);
    }
}
