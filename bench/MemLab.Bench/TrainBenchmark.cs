using System.Diagnostics;
using System.Globalization;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Training;

namespace MemLab.Bench;

/// <summary>
/// "train": time per step of memlab's gradient-descent trainer against PyTorch (CPU, /usr/bin/python3 with Debian's
/// python3-torch) doing exactly the same steps: (a) Gaussian N = 2000, d = 50, random labels, 50-160-1 ReLU, Adam
/// lr 0.01, logistic loss, full batch, 3,000 steps; (b) MNIST 3 vs 8 (11,982 training images, pixels / 255),
/// 784-256-1 ReLU, the same recipe, 100 steps. Both sides train past memorization (memlab with StopWhenMemorized off)
/// and compute the training accuracy every step; both run with 1 thread and with every core. Each side runs in its own
/// child process and reads the same prepared raw file of the workload's points, so the peak resident memory (VmHWM)
/// each prints is that workload's alone (not, for example, the loading of all 60,000 MNIST images).
/// Each configuration runs --repeat times (default 3), the two sides alternating, and the fastest run of each side
/// counts, which damps the noise of a shared machine.
/// Usage: train [--data-dir DIR] [--steps-a N] [--steps-b N] [--threads T] [--only a|b] [--repeat R]
/// </summary>
internal static class TrainBenchmark
{
    private const string Child = "--child";

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == Child) return RunChild(args[1..]);
        string? dataDirectory = Environment.GetEnvironmentVariable("MEMLAB_DATA");
        int stepsA = 3000, stepsB = 100;
        int[] threadCounts = [1, Environment.ProcessorCount];
        string only = "";
        int repeat = 3;
        for (int i = 0; i < args.Length; i += 2)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--data-dir" when value is not null: dataDirectory = value; break;
                case "--steps-a" when int.TryParse(value, CultureInfo.InvariantCulture, out stepsA) && stepsA >= 1: break;
                case "--steps-b" when int.TryParse(value, CultureInfo.InvariantCulture, out stepsB) && stepsB >= 1: break;
                case "--threads" when int.TryParse(value, CultureInfo.InvariantCulture, out int t) && t >= 1: threadCounts = [t]; break;
                case "--only" when value is "a" or "b": only = value; break;
                case "--repeat" when int.TryParse(value, CultureInfo.InvariantCulture, out repeat) && repeat >= 1: break;
                default:
                    Console.Error.WriteLine($"train: cannot read argument '{args[i]}'. usage: train [--data-dir DIR] [--steps-a N] [--steps-b N] [--threads T] [--only a|b] [--repeat R]");
                    return 2;
            }
        }
        var workloads = new List<(string Name, string Spec, int Hidden, int Steps)>();
        if (only != "b") workloads.Add(("a", "gaussian:n=2000,d=50,seed=0", 160, stepsA));
        if (only != "a")
        {
            if (dataDirectory is null || !Directory.Exists(Path.Combine(dataDirectory, "mnist")))
                Console.WriteLine("workload b skipped: MNIST not found; pass --data-dir DIR (holding mnist/) or set MEMLAB_DATA.");
            else
                workloads.Add(("b", "mnist:split=train,classes=3-8", 256, stepsB));
        }
        Console.WriteLine("train: Adam lr 0.01, logistic loss, He-style init, full batch, ReLU; both sides check training accuracy every step.");
        Console.WriteLine("Timings share the machine with whatever else runs on it; compare the ratios, which come from the same run.");
        foreach (var (name, spec, hidden, steps) in workloads)
        {
            var blas = OpenBlas.Load(1);
            var data = DatasetLoader.Load(spec, new DataLoadContext(dataDirectory, blas));
            Console.WriteLine($"({name}) {spec}: N = {data.SampleCount}, d = {data.FeatureCount}, {data.FeatureCount}-{hidden}-1, {steps} steps");
            string file = Path.Combine(Path.GetTempPath(), $"memlab-train-peer-{Environment.ProcessId}-{name}.bin");
            try
            {
                WritePeerData(data, file);
                foreach (int threads in threadCounts)
                {
                    (double Ms, double RssMb)? memlab = null, torch = null;
                    string memlabNote = "", torchNote = "";
                    for (int r = 0; r < repeat; r++)
                    {
                        memlab = Fastest(memlab, MemlabChild(file, data.SampleCount, data.FeatureCount, hidden, steps, threads, out memlabNote));
                        torch = Fastest(torch, TorchPeer(file, data.SampleCount, data.FeatureCount, hidden, steps, threads, out torchNote));
                    }
                    string Line(string side, (double Ms, double RssMb)? r, string note) =>
                        r is { } v ? $"{side,-8} {v.Ms,8:F3} ms/step  peak RSS {v.RssMb,7:F0} MB  ({note})" : $"{side,-8} skipped: {note}";
                    Console.WriteLine($"  {threads} thread{(threads == 1 ? "" : "s")}:");
                    Console.WriteLine("    " + Line("memlab", memlab, memlabNote));
                    Console.WriteLine("    " + Line("pytorch", torch, torchNote));
                    if (memlab is { } m && torch is { } p)
                        Console.WriteLine($"    pytorch / memlab time per step: {p.Ms / m.Ms:F2}x (>= 1 means memlab is at least as fast); " +
                            $"memory memlab / pytorch: {m.RssMb / p.RssMb:F2}");
                }
            }
            finally
            {
                File.Delete(file);
            }
        }
        return 0;
    }

    private static (double Ms, double RssMb)? Fastest((double Ms, double RssMb)? best, (double Ms, double RssMb)? next) =>
        best is not { } b ? next : next is { } n && n.Ms < b.Ms ? n : best;

    /// <summary>Trains in this process (a child of the benchmark) and prints "ms_per_step peak_rss_mb description".</summary>
    private static int RunChild(string[] args)
    {
        string file = args[0];
        int[] numbers = args[1..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var (n, d, hidden, steps, threads) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]);
        var blas = OpenBlas.Load(threads);
        var data = ReadPeerData(file, n, d);
        var options = new TrainOptions
        {
            Hidden = [hidden], Optimizer = Optimizer.Adam, LearningRate = 0.01, Loss = Loss.Logistic, Steps = steps, StopWhenMemorized = false,
        };
        var trainer = new Trainer(blas);
        trainer.Train(data, options with { Steps = Math.Min(steps, 5) }, new Seed(1));
        var result = trainer.Train(data, options, new Seed(0));
        double ms = result.Seconds * 1000 / result.Steps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ms:R} {PeakRssMb():R} memlab {NetworkProvenance.CurrentVersion}, {blas.Describe()}, final accuracy {result.TrainAccuracy:P1}"));
        return 0;
    }

    private static (double Ms, double RssMb)? MemlabChild(string file, int n, int d, int hidden, int steps, int threads, out string note)
    {
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(TrainBenchmark).Assembly.Location);
        foreach (string a in new[] { "train", Child, file, Text(n), Text(d), Text(hidden), Text(steps), Text(threads) }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return Parse(process.ExitCode == 0 ? output : null, out note, process.ExitCode == 0 ? "" : $"child exited {process.ExitCode}: {errors.Result.Trim()}");
    }

    private static (double Ms, double RssMb)? TorchPeer(string file, int n, int d, int hidden, int steps, int threads, out string note)
    {
        const string Script = """
            import sys, time, resource
            try:
                import numpy as np
                import torch
            except ImportError as e:
                print(f"missing {e.name}; install python3-torch"); sys.exit(3)
            path, n, d, h, steps, threads = sys.argv[1], *map(int, sys.argv[2:7])
            torch.set_num_threads(threads)
            raw = np.fromfile(path, dtype=np.float32)
            x = torch.from_numpy(raw[:n * d].reshape(n, d).copy())
            y = torch.from_numpy(raw[n * d:n * d + n].copy())
            torch.manual_seed(0)
            model = torch.nn.Sequential(torch.nn.Linear(d, h), torch.nn.ReLU(), torch.nn.Linear(h, 1))
            for layer in (model[0], model[2]):
                torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                torch.nn.init.zeros_(layer.bias)
            opt = torch.optim.Adam(model.parameters(), lr=0.01)
            loss_fn = torch.nn.BCEWithLogitsLoss()
            def step():
                opt.zero_grad(set_to_none=True)
                z = model(x).squeeze(1)
                loss = loss_fn(z, y)
                acc = ((z > 0).float() == y).float().mean().item()
                loss.backward()
                opt.step()
                return acc
            for _ in range(min(steps, 5)): step()
            start = time.perf_counter()
            for _ in range(steps): acc = step()
            ms = (time.perf_counter() - start) * 1000 / steps
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{ms} {rss} torch {torch.__version__}, {torch.get_num_threads()} threads, final accuracy {acc:.1%}")
            """;
        string? output = PythonPeer.Run(Script, [file, Text(n), Text(d), Text(hidden), Text(steps), Text(threads)], threads, out string failure);
        return Parse(output, out note, failure);
    }

    private static (double Ms, double RssMb)? Parse(string? output, out string note, string failure)
    {
        string[] words = output?.Split(' ', 3) ?? [];
        if (words.Length < 3 || !double.TryParse(words[0], CultureInfo.InvariantCulture, out double ms)
            || !double.TryParse(words[1], CultureInfo.InvariantCulture, out double rss))
        {
            note = output is null ? failure : $"unexpected output '{output}'";
            return null;
        }
        note = words[2];
        return (ms, rss);
    }

    /// <summary>Features then labels (as float32) in one raw little-endian file for the peer.</summary>
    internal static void WritePeerData(Dataset data, string file)
    {
        using var writer = new BinaryWriter(File.Create(file));
        foreach (float v in data.Features) writer.Write(v);
        foreach (int label in data.Labels) writer.Write((float)label);
    }

    /// <summary>The points and labels <see cref="WritePeerData"/> wrote.</summary>
    internal static Dataset ReadPeerData(string file, int n, int d)
    {
        using var reader = new BinaryReader(File.OpenRead(file));
        var features = new float[n * d];
        for (int i = 0; i < features.Length; i++) features[i] = reader.ReadSingle();
        var labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = (int)reader.ReadSingle();
        return Dataset.Classification(features, d, labels, null, new DatasetProvenance(file, "benchmark points"));
    }

    /// <summary>This process's peak resident set (VmHWM in /proc/self/status), in MB.</summary>
    internal static double PeakRssMb()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
