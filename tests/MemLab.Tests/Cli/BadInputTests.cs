using System.Buffers.Binary;

namespace MemLab.Tests.Cli;

/// <summary>
/// Every bad-input case of the foundation issue, through the real command: one line on stderr that names the
/// problem, exit code 1, no stack trace, and the stack trace only with --verbose.
/// </summary>
[Collection(MemLab.Tests.LinearAlgebra.TestBackends.OpenBlasCollection)]
public class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("memlab-bad-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Case name, a function that writes the bad files into a folder and returns the data spec, and a phrase the message must contain.</summary>
    public static TheoryData<string> Cases => new(BadData.Keys);

    private static readonly Dictionary<string, (Func<string, string> Prepare, string Expected)> BadData = new()
    {
        ["infinite feature"] = (folder => Csv(folder, "a,b,y\n0,1,0\n1,inf,1\n"), "'inf' is not a finite"),
        ["folder instead of file"] = (folder => $"csv:path={folder},label=y", "is a folder"),
        ["no data rows"] = (folder => Csv(folder, "a,b,y\n"), "no data"),
        ["ragged row"] = (folder => Csv(folder, "a,b,y\n0,1,0\n1,1\n"), "line 3"),
        ["missing label column"] = (folder => Csv(folder, "a,b,y\n0,1,0\n", label: "target"), "target"),
        ["IDX wrong magic"] = (folder => Mnist(folder, imageMagic: 0x00000801, images: 2), "magic"),
        ["IDX truncated"] = (folder => Mnist(folder, imageMagic: 0x00000803, images: 2, dropBytes: 10), "truncated"),
        ["CIFAR size"] = (Cifar, "3073"),
        ["unknown spec key"] = (_ => "moons:n=10,wdith=3", "wdith"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DataDescribe_BadInput_OneLineErrorExitOneNoStackTrace(string name)
    {
        var (prepare, expected) = BadData[name];
        string spec = prepare(_folder);
        var outcome = CliRunner.Run("data", "describe", spec, "--data-dir", _folder);
        Assert.Equal(1, outcome.ExitCode);
        string[] lines = outcome.Error.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"expected one line, got:\n{outcome.Error}");
        Assert.Contains(expected, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at MemLab", outcome.Error);

        var verbose = CliRunner.Run("data", "describe", spec, "--data-dir", _folder, "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains(" at MemLab", verbose.Error);
    }

    [Fact]
    public void Outputs_IntoAMissingFolder_OneLineErrorNamingIt()
    {
        string spec = Path.Combine(_folder, "s.json");
        File.WriteAllText(spec, """{ "name": "o", "task": "geometry", "data": "moons", "grid": { "n": [30, 40] } }""");
        string db = Path.Combine(_folder, "o.db");
        Assert.Equal(0, CliRunner.Run("sweep", "run", spec, "--db", db, "--blas", "managed").ExitCode);
        string missing = Path.Combine(_folder, "no-such-folder");
        foreach (string[] args in new[]
        {
            new[] { "results", db, "--csv", Path.Combine(missing, "r.csv") },
            new[] { "slurm", spec, "--array", "2", "--time", "5", "--mem", "1G", "-o", Path.Combine(missing, "s.sbatch") },
            new[] { "plot", db, "--x", "n", "--y", "delta", "-o", Path.Combine(missing, "p.png") },
        })
        {
            var outcome = CliRunner.Run(args);
            Assert.True(outcome.ExitCode == 1, $"{args[0]}: exit {outcome.ExitCode}: {outcome.Error}");
            Assert.Contains(missing, outcome.Error);
            Assert.Single(outcome.Error.Trim().Split('\n'));
        }
    }

    private static string Csv(string folder, string content, string label = "y")
    {
        string path = Path.Combine(folder, $"bad{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return $"csv:path={path},label={label}";
    }

    /// <summary>Writes an MNIST training pair of IDX files (2 x 2 images) whose image file has the given magic number, optionally cut short.</summary>
    private static string Mnist(string folder, uint imageMagic, int images, int dropBytes = 0)
    {
        string mnist = Path.Combine(folder, "mnist");
        Directory.CreateDirectory(mnist);
        var imageFile = new byte[16 + images * 4];
        BinaryPrimitives.WriteUInt32BigEndian(imageFile, imageMagic);
        BinaryPrimitives.WriteInt32BigEndian(imageFile.AsSpan(4), images);
        BinaryPrimitives.WriteInt32BigEndian(imageFile.AsSpan(8), 2);
        BinaryPrimitives.WriteInt32BigEndian(imageFile.AsSpan(12), 2);
        File.WriteAllBytes(Path.Combine(mnist, "train-images-idx3-ubyte"), imageFile[..^dropBytes]);
        var labelFile = new byte[8 + images];
        BinaryPrimitives.WriteUInt32BigEndian(labelFile, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(labelFile.AsSpan(4), images);
        File.WriteAllBytes(Path.Combine(mnist, "train-labels-idx1-ubyte"), labelFile);
        return "mnist:split=train";
    }

    private static string Cifar(string folder)
    {
        string batches = Path.Combine(folder, "cifar-10-batches-bin");
        Directory.CreateDirectory(batches);
        File.WriteAllBytes(Path.Combine(batches, "test_batch.bin"), new byte[3073 + 100]);
        return "cifar10:split=test";
    }
}
