using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Bench;

/// <summary>
/// "finke-peer": the Dirksen-Finke-Genzel construction, memlab against the authors' public implementation
/// (github.com/patrickfinke/memo, its algorithm.py run unchanged by /usr/bin/python3 with Debian's numpy, scikit-learn
/// and pandas), on the same data files in the same run, for the three jobs of their paper's speed discussion:
/// all 70,000 MNIST images with n = 500, lambda = 0; MNIST 1 vs 8 (14,702 images) with n = 5000, lambda = 0.5; two moons
/// of 1,000,000 points with n = 2000, lambda = 1; random cover. For each job it prints both sides' whole process
/// (start to a checked network, as a child process under /usr/bin/time: wall seconds and peak resident memory), the
/// construction alone (the authors' fit; memlab's construction without verification, in this process), the pruned
/// widths, whether each memorized, and the ratios. Both read the MNIST IDX .gz files; the moons are drawn once by
/// scikit-learn into .npy files that both read (memlab's labels flipped so both cover the authors' class 1).
/// Usage: MEMLAB_FINKE_PEER=/path/to/memo finke-peer [--jobs mnist-all,mnist-1v8,moons-1m] [--threads T] [--data-dir DIR] [--seed S]
/// Get the peer with: git clone https://github.com/patrickfinke/memo; apt install python3-sklearn python3-pandas.
/// </summary>
internal static class FinkePeerBenchmark
{
    private const string PeerVariable = "MEMLAB_FINKE_PEER";

    private sealed record Job(string Name, string Title, int Width, double Lambda);

    private static readonly Job[] Jobs =
    [
        new("mnist-all", "all 70,000 MNIST images, n = 500, lambda = 0", 500, 0),
        new("mnist-1v8", "MNIST 1 vs 8 (14,702 images), n = 5000, lambda = 0.5", 5000, 0.5),
        new("moons-1m", "two moons, 1,000,000 points, n = 2000, lambda = 1", 2000, 1),
    ];

    /// <summary>Loads the data the way the authors' data.py does, fits their model, checks it with their score, prints one JSON line.</summary>
    private const string Driver = """
        import gzip, json, sys, time
        peer, job = sys.argv[1], sys.argv[2]
        sys.path.insert(0, peer)
        import numpy as np
        if job == "make-moons":
            from sklearn.datasets import make_moons
            X, y = make_moons(1_000_000, noise=0.05, random_state=0)
            X = X.astype(np.float32)
            X /= np.linalg.norm(X, ord=2, axis=1).max()
            np.save(sys.argv[3] + "/x.npy", X)
            np.save(sys.argv[3] + "/y.npy", y.astype(np.int32))
            np.save(sys.argv[3] + "/y-memlab.npy", (1 - y).astype(np.int32))
            sys.exit(0)
        import algorithm
        width, lam, seed, source = int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
        start = time.perf_counter()
        if job.startswith("mnist"):
            def idx(name, offset):
                with gzip.open(f"{source}/{name}.gz") as f:
                    return np.frombuffer(f.read(), np.uint8, offset=offset)
            X = np.concatenate([idx(f"{p}-images-idx3-ubyte", 16) for p in ("train", "t10k")]).reshape(-1, 784)
            y = np.concatenate([idx(f"{p}-labels-idx1-ubyte", 8) for p in ("train", "t10k")])
            X = (X / 255).astype(np.float32)
            if job == "mnist-1v8":
                keep = (y == 1) | (y == 8)
                X, y = X[keep], (y[keep] == 1).astype(np.uint8)
            X /= np.linalg.norm(X, ord=2, axis=1).max()
        else:
            X, y = np.load(source + "/x.npy"), np.load(source + "/y.npy").astype(np.uint8)
        loaded = time.perf_counter()
        model = algorithm.get_model({"n_iter": width, "max_bias": lam, "activation": "thres"}, seed)
        model.fit(X, y)
        fitted = time.perf_counter()
        score = model.score(X, y)
        done = time.perf_counter()
        print(json.dumps({"load": loaded - start, "fit": fitted - loaded, "score": done - fitted, "accuracy": float(score),
                          "width": int(algorithm.get_model_metrics(model)["second_dim_out"]), "numpy": np.__version__}))
        """;

    public static int Run(string[] args)
    {
        string[] all = Jobs.Select(j => j.Name).ToArray();
        var options = new BenchArguments("finke-peer", args, $"[--jobs {string.Join(",", all)}] [--threads T] [--data-dir DIR] [--seed S]");
        string[] names = options.Subset("--jobs", all, all);
        int threads = options.Int("--threads", Environment.ProcessorCount, minimum: 1);
        string? dataDirectory = options.Text("--data-dir", Environment.GetEnvironmentVariable("MEMLAB_DATA"));
        ulong seed = options.ULong("--seed", 0);
        if (!options.Complete(out int exitCode)) return exitCode;
        string? peer = Environment.GetEnvironmentVariable(PeerVariable);
        if (peer is null || !File.Exists(Path.Combine(peer, "algorithm.py")))
        {
            Console.Error.WriteLine($"finke-peer: set {PeerVariable} to a checkout of https://github.com/patrickfinke/memo (git clone it; it needs Debian's python3-sklearn and python3-pandas).");
            return 2;
        }
        string? mnist = dataDirectory is null ? null : Path.Combine(dataDirectory, "mnist");
        if (mnist is null || !Directory.Exists(mnist))
        {
            Console.Error.WriteLine("finke-peer: MNIST not found; pass --data-dir DIR (holding mnist/) or set MEMLAB_DATA.");
            return 2;
        }
        string cli = CliPath();
        IBlas blas = OpenBlas.Load(threads);
        Console.WriteLine($"finke-peer: memlab vs the authors' code ({peer}), same data files, same run; {threads} threads each; memlab {blas.Describe()}; peer {PythonPeer.Describe(threads)}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        string folder = Directory.CreateTempSubdirectory("memlab-finke-peer-").FullName;
        try
        {
            if (names.Contains("moons-1m"))
            {
                var made = Child.Run(PythonPeer.Executable, ["-c", Driver, peer, "make-moons", folder], PeerEnvironment(threads));
                if (made.ExitCode != 0) return Fail($"drawing the moons with scikit-learn failed: {made.Error}");
            }
            foreach (Job job in Jobs.Where(j => names.Contains(j.Name)))
            {
                string source = job.Name == "moons-1m" ? folder : mnist;
                string spec = job.Name switch
                {
                    "mnist-all" => "mnist:split=all,scale=unit-ball",
                    "mnist-1v8" => "mnist:split=all,classes=1-8,scale=unit-ball",
                    _ => $"npy:path={Path.Combine(folder, "x.npy")},label-file={Path.Combine(folder, "y-memlab.npy")}",
                };
                Console.WriteLine();
                Console.WriteLine($"{job.Title} (load average {LoadAverage()})");

                var theirs = Child.Run(PythonPeer.Executable,
                    ["-c", Driver, peer, job.Name, Text(job.Width), Text(job.Lambda), Text(seed), source], PeerEnvironment(threads));
                if (theirs.ExitCode != 0) return Fail($"the authors' code failed on {job.Name}: {theirs.Error}");
                using var peerJson = JsonDocument.Parse(theirs.Output.Trim().Split('\n')[^1]);
                var p = peerJson.RootElement;

                var ours = Child.Run("dotnet", [cli, "build", "finke", "--data", spec, "--width", Text(job.Width), "--lambda", Text(job.Lambda),
                    "--cover", "random", "--seed", Text(seed), "--threads", Text(threads), "--blas", "openblas", "--data-dir", dataDirectory!, "--json"], new Dictionary<string, string>());
                if (ours.ExitCode is not (0 or 3)) return Fail($"memlab build finke failed on {job.Name}: {ours.Error}");
                using var ourJson = JsonDocument.Parse(ours.Output);
                var report = ourJson.RootElement.GetProperty("report");
                int ourWidth = report.GetProperty("widths")[1].GetInt32();
                bool ourMemorized = report.GetProperty("verification").GetProperty("memorized").GetBoolean();

                Dataset data = DatasetLoader.Load(spec, new DataLoadContext(dataDirectory, blas));
                long start = Stopwatch.GetTimestamp();
                new FinkeConstruction(blas).Construct(data, new FinkeOptions { Width = job.Width, Lambda = job.Lambda, Cover = Cover.Random }, new Seed(seed));
                double construct = Stopwatch.GetElapsedTime(start).TotalSeconds;

                double fit = p.GetProperty("fit").GetDouble();
                Console.WriteLine($"  authors: whole {theirs.Seconds,7:F2} s  fit {fit,7:F2} s  (load {p.GetProperty("load").GetDouble():F2} s, score {p.GetProperty("score").GetDouble():F2} s)  " +
                    $"peak {theirs.PeakMegabytes,6:F0} MB  pruned width {p.GetProperty("width").GetInt32(),6}  training accuracy {p.GetProperty("accuracy").GetDouble():R}  (numpy {p.GetProperty("numpy").GetString()})");
                Console.WriteLine($"  memlab:  whole {ours.Seconds,7:F2} s  construction {construct,7:F2} s  peak {ours.PeakMegabytes,6:F0} MB  pruned width {ourWidth,6}  memorized (float64 check of every point): {(ourMemorized ? "yes" : "no")}");
                Console.WriteLine($"  ratio (authors / memlab): whole {theirs.Seconds / ours.Seconds:F1}x  construction {fit / construct:F1}x  peak memory {theirs.PeakMegabytes / ours.PeakMegabytes:F1}x");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }

    private static Dictionary<string, string> PeerEnvironment(int threads)
    {
        var environment = new Dictionary<string, string> { ["OPENBLAS_NUM_THREADS"] = Text(threads) };
        if (PythonPeer.Describe(threads).Contains("SkylakeX", StringComparison.Ordinal)) environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        return environment;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"finke-peer: {message}");
        return 1;
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The CLI's Release build beside this benchmark's build (the same one ./memlab runs).</summary>
    private static string CliPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string dll = Path.Combine(folder.FullName, "src", "MemLab.Cli", "bin", "Release", "net10.0", "MemLab.Cli.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new InvalidOperationException("MemLab.Cli.dll (Release) not found above the benchmark; build the solution in Release first.");
    }

    /// <summary>A child process run under /usr/bin/time: its output, wall seconds and peak resident memory.</summary>
    private sealed record Child(int ExitCode, string Output, string Error, double Seconds, double PeakMegabytes)
    {
        public static Child Run(string executable, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
        {
            string timing = Path.GetTempFileName();
            try
            {
                var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (string argument in (string[])["-f", "%e %M", "-o", timing, executable, .. arguments]) start.ArgumentList.Add(argument);
                foreach (var (key, value) in environment) start.Environment[key] = value;
                using Process process = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/time did not start.");
                Task<string> errors = process.StandardError.ReadToEndAsync();
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                string[] measured = File.ReadAllLines(timing).Last(l => l.Length > 0).Split(' ');
                return new Child(process.ExitCode, output, errors.Result.Trim(),
                    double.Parse(measured[0], CultureInfo.InvariantCulture), double.Parse(measured[1], CultureInfo.InvariantCulture) / 1024);
            }
            finally
            {
                File.Delete(timing);
            }
        }
    }
}
