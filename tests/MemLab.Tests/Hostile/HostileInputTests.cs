using MemLab.Tests.Cli;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Hostile;

/// <summary>
/// The hostile-input corpus: bad files, bad values and hostile paths, each through the real command. Every case must
/// end with its exit code (1: the input is at fault; 2: the command line is), exactly one line on stderr that says
/// what is wrong, and no stack trace. The cases of the red-team pass that already held are kept beside the ones it
/// found, so none of them comes back.
/// </summary>
[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A case: writes what it needs into the folder and returns the command line, the exit code and a phrase the line must hold.</summary>
    private sealed record Case(Func<string, string[]> Prepare, int ExitCode, string Expected, string? Unexpected = null);

    private static readonly Dictionary<string, Case> Corpus = new()
    {
        // Item 5: user errors that exited 70 with a stack trace.
        ["-o names a folder"] = new(f => ["export", Model(f), "--format", "onnx", "-o", f], 1, "is a folder"),
        ["-o is empty"] = new(f => ["export", Model(f), "--format", "onnx", "-o", ""], 2, "--output is empty"),
        ["-o in a folder that cannot be written"] = new(f => ["export", Model(f), "--format", "safetensors", "-o", "/sys/memlab.safetensors"], 1, "cannot be written"),
        ["truncated results database, merge"] = new(f => ["merge", TruncatedDatabase(f), "-o", Path.Combine(f, "all.db")], 1, "results.db"),
        ["truncated results database, results"] = new(f => ["results", TruncatedDatabase(f)], 1, "results.db"),
        ["truncated results database, sweep run"] = new(f => ["sweep", "run", Spec(f), "--db", TruncatedDatabase(f)], 1, "results.db"),
        ["corrupted results database"] = new(f => ["results", CorruptedDatabase(f)], 1, "results.db"),
        ["data beyond one array"] = new(_ => ["data", "describe", "gaussian:n=500000000,d=10"], 1, "one array holds"),
        ["csv of /dev/zero"] = new(_ => ["data", "describe", "csv:path=/dev/zero"], 1, "NUL byte"),
        ["network beyond one array"] = new(_ => ["train", "--data", "moons:n=20", "--hidden", "100000,100000", "--steps", "1"], 1, "more than the", "values per layer"),
        // Item 8: inconsistent exit codes for values out of range (now all 2, at parse time, under the option's own name).
        ["--lr 0"] = new(_ => ["train", "--data", "moons:n=20", "--hidden", "4", "--lr", "0"], 2, "--lr 0: The learning rate must be"),
        ["--steps 0"] = new(_ => ["train", "--data", "moons:n=20", "--hidden", "4", "--steps", "0"], 2, "--steps 0: The step budget must be >= 1"),
        ["--hidden 0"] = new(_ => ["train", "--data", "moons:n=20", "--hidden", "0"], 2, "--hidden"),
        ["--check-every 0"] = new(_ => ["train", "--data", "moons:n=20", "--hidden", "4", "--check-every", "0"], 2, "--check-every 0: The steps between memorization checks must be >= 1", "CheckEvery"),
        ["--workers 0"] = new(f => ["sweep", "run", Spec(f), "--db", Path.Combine(f, "w.db"), "--workers", "0"], 2, "--workers must be"),
        ["--shard 2/2"] = new(f => ["sweep", "run", Spec(f), "--db", Path.Combine(f, "s.db"), "--shard", "2/2"], 2, "--shard '2/2'"),
        // Item 8: misleading messages.
        ["csv with semicolons"] = new(f => ["data", "describe", Csv(f, "1;2;0\n3;4;1\n")], 1, "tr ';' ','", "Set the delimiter"),
        ["npy holding only its magic"] = new(f => ["data", "describe", NpyBytes(f, [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'])], 1, "truncated", "missing the magic"),
        ["npy 1e300 in float64"] = new(f => ["data", "describe", Npy(f, [1e300, 0, 1, 1])], 1, "beyond float32's range", "Infinity"),
        ["npy 1e-300 in float64"] = new(f => ["data", "describe", Npy(f, [1e-300, 0, 2e-300, 1])], 1, "too small for float32", "duplicate"),
        ["vershynin d = 1"] = new(f => ["build", "vershynin", "--data", Csv(f, "0.5,0\n-1,1\n2,0\n3,1\n"), "--arch", "1,10,10,10,1"], 1, "normalization"),
        // Item 7 and 9: interop.
        ["import with overlapping offsets"] = new(f => ["import", Mlp(f, [1, 2], 0.5, biasOffset: 8), "-o", Path.Combine(f, "i.safetensors")], 1, "overlaps"),
        ["float32 export of a weight beyond float32"] = new(f => ["export", Imported(f, [1e300, 1]), "--format", "onnx", "-o", Path.Combine(f, "x.onnx")], 1, "--precision float64"),
        // Held already before this suite; kept so they stay held.
        ["unknown data source"] = new(_ => ["data", "describe", "moon:n=10"], 1, "moon"),
        ["missing model file"] = new(f => ["model", "show", Path.Combine(f, "none.safetensors")], 1, "does not exist"),
        ["model file of garbage"] = new(f => ["model", "show", Write(f, "g.safetensors", "not a model at all")], 1, "g.safetensors"),
        ["spec file of garbage"] = new(f => ["sweep", "run", Write(f, "g.json", "{ nope"), "--db", Path.Combine(f, "g.db")], 1, "not valid JSON"),
        ["unknown option"] = new(_ => ["data", "describe", "moons", "--frobnicate"], 2, "--frobnicate"),
    };

    public static TheoryData<string> Names => new(Corpus.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void HostileInput_ExitCodeAndOneLineWithoutStackTrace(string name)
    {
        var test = Corpus[name];
        string[] args = test.Prepare(_folder.Path);
        var outcome = CliRunner.Run(args);
        string[] lines = outcome.Error.TrimEnd('\n').Split('\n');
        Assert.True(outcome.ExitCode == test.ExitCode, $"exit {outcome.ExitCode}, expected {test.ExitCode}:\n{outcome.Error}");
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}:\n{outcome.Error}");
        Assert.Contains(test.Expected, lines[0]);
        if (test.Unexpected is { } unexpected) Assert.DoesNotContain(unexpected, lines[0]);
        Assert.DoesNotContain("   at ", outcome.Error);
        Assert.DoesNotContain("internal error", outcome.Error);
    }

    [Fact]
    public void DataDescribe_VeryWideData_Succeeds()
    {
        // Item 5: moons:n=10,d=50000 overflowed in the d x d covariance; through the 10 x 10 Gram matrix it is small work.
        var outcome = CliRunner.Run("data", "describe", "moons:n=10,d=50000", "--json");
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal(2, outcome.Json().GetProperty("geometry").GetProperty("numerical_rank").GetInt32());
    }

    [Fact]
    public void Export_RecordedDataFileGone_ExportsAndSaysTheCheckWasSkipped()
    {
        string csv = Path.Combine(_folder.Path, "gone.csv");
        File.WriteAllText(csv, "0,0,0\n1,0,1\n0,1,1\n1,1,0\n");
        string model = Path.Combine(_folder.Path, "gone.safetensors");
        var built = CliRunner.Run("build", "finke", "--data", $"csv:path={csv}", "--width", "40", "--lambda", "0.5", "-o", model);
        Assert.True(built.ExitCode == 0, built.Error);
        File.Delete(csv);

        var float64 = CliRunner.Run("export", model, "--format", "onnx", "--precision", "float64", "-o", Path.Combine(_folder.Path, "a.onnx"));
        Assert.True(float64.ExitCode == 0, float64.Error);
        Assert.DoesNotContain(csv, float64.Error);
        var float32 = CliRunner.Run("export", model, "--format", "onnx", "-o", Path.Combine(_folder.Path, "b.onnx"));
        Assert.True(float32.ExitCode == 0, float32.Error);
        Assert.Contains("check skipped", float32.Error);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "b.onnx")));
    }

    [Theory]
    [InlineData("data describe gaussian:n=20000000,d=10", "200000000 values")]
    [InlineData("train --data moons --hidden 2000000 --steps 1", "activations for a batch of 1000")]
    public void TooLargeForTheMemoryLimit_RefusedBeforeAllocationInOneLine(string command, string expected)
    {
        // A 256 MB heap limit stands for a small machine: the size check names the need and the limit before allocating.
        var outcome = Subprocess.Run(new() { ["DOTNET_GCHeapHardLimit"] = "0x10000000" }, command.Split(' '));
        Assert.True(outcome.ExitCode == 1, $"exit {outcome.ExitCode}:\n{outcome.Error}");
        string line = Assert.Single(outcome.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains("this process may use", line);
        Assert.Contains(expected, line.Replace(",", "", StringComparison.Ordinal).Replace("20000000 * 10", "200000000", StringComparison.Ordinal));
    }

    private static string Model(string folder)
    {
        string path = Path.Combine(folder, "m.safetensors");
        if (!File.Exists(path))
        {
            var built = CliRunner.Run("build", "finke", "--data", "moons:n=40,seed=1,noise=0.05", "--width", "200", "--lambda", "0.5", "-o", path);
            Assert.True(built.ExitCode == 0, built.Error);
        }
        return path;
    }

    private static string Spec(string folder) =>
        Write(folder, "spec.json", """{ "name": "h", "task": "geometry", "data": "moons", "grid": { "n": [30, 40] } }""");

    private static string TruncatedDatabase(string folder)
    {
        string db = Database(folder);
        using (var stream = new FileStream(db, FileMode.Open)) stream.SetLength(stream.Length / 2 + 100);
        return db;
    }

    private static string CorruptedDatabase(string folder)
    {
        string db = Database(folder);
        var bytes = File.ReadAllBytes(db);
        var noise = new Random(3);
        for (int i = 100; i < bytes.Length; i++) bytes[i] = (byte)noise.Next(256);
        File.WriteAllBytes(db, bytes);
        return db;
    }

    /// <summary>A complete results database of 2 runs (closing the last connection checkpoints the WAL into the file).</summary>
    private static string Database(string folder)
    {
        string db = Path.Combine(folder, "results.db");
        var run = CliRunner.Run("sweep", "run", Spec(folder), "--db", db, "--blas", "managed");
        Assert.True(run.ExitCode == 0, run.Error);
        return db;
    }

    private static string Csv(string folder, string content) => "csv:path=" + Write(folder, $"c{Guid.NewGuid():N}.csv", content);

    private static string Npy(string folder, double[] values)
    {
        string path = Path.Combine(folder, $"n{Guid.NewGuid():N}.npy");
        HostileFiles.Npy(path, [values.Length / 2, 2], values);
        return "npy:path=" + path;
    }

    private static string NpyBytes(string folder, byte[] bytes)
    {
        string path = Path.Combine(folder, $"n{Guid.NewGuid():N}.npy");
        File.WriteAllBytes(path, bytes);
        return "npy:path=" + path;
    }

    private static string Mlp(string folder, double[] weights, double bias, long biasOffset = 16)
    {
        string path = Path.Combine(folder, $"mlp{Guid.NewGuid():N}.safetensors");
        HostileFiles.Mlp(path, weights, bias, biasOffset);
        return path;
    }

    private static string Imported(string folder, double[] weights)
    {
        string output = Path.Combine(folder, $"imported{Guid.NewGuid():N}.safetensors");
        var imported = CliRunner.Run("import", Mlp(folder, weights, 0.5), "-o", output);
        Assert.True(imported.ExitCode == 0, imported.Error);
        return output;
    }

    private static string Write(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
