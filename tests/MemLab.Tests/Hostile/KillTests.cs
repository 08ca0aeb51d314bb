using System.Diagnostics;
using MemLab.Tests.Cli;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Hostile;

/// <summary>
/// Kill tests for every file writer: the real command is started over an existing file and killed (SIGKILL) at a
/// random moment, a few times each, bounded in count and time. The final path must hold the previous file or the
/// complete new one (byte for byte what an uninterrupted run writes, timings aside), never a part. (That the next
/// write removes a killed writer's temporary file is tested in <see cref="AtomicFileTests"/>.)
/// </summary>
[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public sealed class KillTests : IDisposable
{
    private const int KillsPerWriter = 2;
    private static readonly TimeSpan BudgetPerWriter = TimeSpan.FromSeconds(30);
    private static readonly byte[] Previous = "the previous file, which must survive a killed write"u8.ToArray();

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Each writer: the command line (with {OUT} for the output path, {IN} for inputs made once) and where its file lands.</summary>
    public static TheoryData<string> Writers => new(Commands.Keys);

    /// <summary>What must match between runs: the whole file, except the training curves' seconds column, a timing.</summary>
    private static byte[] Comparable(string writer, byte[] file) => writer != "training curves"
        ? file
        : System.Text.Encoding.UTF8.GetBytes(string.Join('\n', System.Text.Encoding.UTF8.GetString(file).Split('\n').Select(line => line.Contains(',') ? line[..line.LastIndexOf(',')] : line)));

    private static readonly Dictionary<string, (string[] Args, string Output)> Commands = new()
    {
        ["model (build -o)"] = (["build", "finke", "--data", "moons:n=300,seed=2,noise=0.05", "--width", "400", "--lambda", "0.5", "-o", "{OUT}"], "out.safetensors"),
        ["onnx export"] = (["export", "{MODEL}", "--format", "onnx", "-o", "{OUT}"], "out.onnx"),
        ["safetensors export"] = (["export", "{MODEL}", "--format", "safetensors", "-o", "{OUT}"], "out.safetensors"),
        ["import"] = (["import", "{MODEL}", "-o", "{OUT}"], "out.safetensors"),
        ["html report"] = (["report", "{DB}", "-o", "{DIR}"], "index.html"),
        ["results csv"] = (["results", "{DB}", "--csv", "{OUT}"], "out.csv"),
        ["png figure"] = (["plot", "{DB}", "--x", "n", "--y", "delta", "-o", "{OUT}"], "out.png"),
        ["svg figure"] = (["plot", "{DB}", "--x", "n", "--y", "delta", "-o", "{OUT}"], "out.svg"),
        ["training curves"] = (["train", "--data", "moons:n=40,seed=1", "--hidden", "16", "--steps", "50", "--keep-training", "--curves", "{OUT}"], "out.csv"),
        ["slurm script"] = (["slurm", "{SPEC}", "--array", "2", "--time", "5", "--mem", "1G", "-o", "{OUT}"], "out.sbatch"),
    };

    [Theory]
    [MemberData(nameof(Writers))]
    public void Writer_KilledAtRandomMoments_LeavesThePreviousOrTheCompleteFile(string writer)
    {
        var (template, name) = Commands[writer];
        string work = _folder.File("work");
        Directory.CreateDirectory(work);
        string target = Path.Combine(work, name);
        string[] args = Arguments(template, target, work);

        var clock = Stopwatch.StartNew();
        var reference = Subprocess.Run([], args);
        Assert.True(reference.ExitCode is 0 or 3, $"the uninterrupted run failed ({reference.ExitCode}): {reference.Error}");
        byte[] complete = Comparable(writer, File.ReadAllBytes(target));
        double duration = clock.Elapsed.TotalMilliseconds;

        var random = new Random(writer.Length);
        for (int kill = 0; kill < KillsPerWriter && clock.Elapsed < BudgetPerWriter; kill++)
        {
            File.WriteAllBytes(target, Previous);
            using var child = Process.Start(Subprocess.Start([], args))!;
            Thread.Sleep(random.Next((int)duration + 1));
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            byte[] found = File.ReadAllBytes(target);
            bool previous = found.AsSpan().SequenceEqual(Previous), whole = Comparable(writer, found).AsSpan().SequenceEqual(complete);
            Assert.True(previous || whole, $"after a kill {target} holds {found.Length} bytes: neither the previous file nor the complete {complete.Length}-byte one");
        }
    }

    private string[] Arguments(string[] template, string target, string work)
    {
        return template.Select(arg => arg switch
        {
            "{OUT}" => target,
            "{DIR}" => work,
            "{MODEL}" => Model(),
            "{DB}" => Database(),
            "{SPEC}" => Spec(),
            _ => arg,
        }).ToArray();
    }

    private string Model()
    {
        string path = _folder.File("in.safetensors");
        if (!File.Exists(path))
        {
            var built = CliRunner.Run("build", "finke", "--data", "moons:n=300,seed=2,noise=0.05", "--width", "400", "--lambda", "0.5", "-o", path);
            Assert.True(built.ExitCode == 0, built.Error);
        }
        return path;
    }

    private string Spec()
    {
        string path = _folder.File("spec.json");
        File.WriteAllText(path, """{ "name": "k", "task": "geometry", "data": "moons", "grid": { "n": [30, 40, 50] }, "repetitions": 2 }""");
        return path;
    }

    private string Database()
    {
        string path = _folder.File("in.db");
        if (!File.Exists(path))
        {
            var run = CliRunner.Run("sweep", "run", Spec(), "--db", path, "--blas", "managed");
            Assert.True(run.ExitCode == 0, run.Error);
        }
        return path;
    }
}
