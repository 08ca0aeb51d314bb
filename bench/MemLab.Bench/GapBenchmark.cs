using System.Diagnostics;
using System.Globalization;
using MemLab.Data;
using MemLab.Experiments;
using MemLab.LinearAlgebra;
using MemLab.Training;

namespace MemLab.Bench;

/// <summary>
/// "gap": the width search of <c>memlab gap</c> against a PyTorch loop (CPU, /usr/bin/python3 with Debian's
/// python3-torch) with the same protocol: widths doubling from 1, then bisection to relative precision 0.1; 5 seeds per
/// width, a width succeeding when at least 3 memorize; Adam lr 0.01, 1,000 steps, He initialization, logistic loss,
/// full batch, each training stopping as soon as every point is classified correctly. The peer trains a width's seeds
/// one after another and stops once its majority is decided, as a PyTorch user would; memlab runs with --decide-early
/// (the same seeds per width: 3, then one more while undecided) and, with --exact, also with every seed to its end.
/// Workloads: N in {2000, 8000}, d = 50, isotropic Gaussian points with random labels and anisotropic points of
/// condition number 1,000. Both sides get the same cores (--threads, default 2: memlab --workers 2 on one-threaded
/// OpenBLAS; PyTorch in the fastest of its default 2 torch / 2 OpenBLAS threads, 2 / 1 and 1 / 1, chosen by a short probe
/// in the same run), each in its own child process on the same points (one raw file); it
/// prints each search's wall time, CPU time, the child process's whole wall time (start-up and data reading included),
/// the width found, the peak resident memory and the work done, with the ratios, then a summary of all workloads.
/// Then the trainer's time per network-step at widths 1 to 1,024 (N = 2000 or --step-points, d = 50): one network alone
/// against 5 networks batched, one thread.
/// Usage: gap [--sizes 2000,8000] [--geometries gaussian,anisotropic-1000] [--threads 2] [--exact] [--max-width 1024] [--steps 1000]
///            [--step-widths 1,4,16,64,256,1024] [--step-points 2000] [--skip-search] [--skip-roofline] [--skip-steps]
/// </summary>
internal static class GapBenchmark
{
    private const string Child = "--child";
    private const int Dimension = 50, Seeds = 5;

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == Child) return RunChild(args[1..]);
        int[] sizes = [2000, 8000];
        string[] geometries = ["gaussian", "anisotropic-1000"];
        int maxWidth = 1024, steps = 1000, threads = 2;
        int[] stepWidths = [1, 4, 16, 64, 256, 1024];
        int stepPoints = 2000;
        bool search = true, roofline = true, stepTimes = true, exact = false;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            bool ok = true;
            switch (args[i])
            {
                case "--skip-search": search = false; continue;
                case "--skip-roofline": roofline = false; continue;
                case "--skip-steps": stepTimes = false; continue;
                case "--exact": exact = true; continue;
                case "--sizes" when Numbers(value) is { } s: sizes = s; break;
                case "--geometries" when value is not null: geometries = value.Split(','); break;
                case "--threads": ok = int.TryParse(value, CultureInfo.InvariantCulture, out threads) && threads >= 1; break;
                case "--max-width": ok = int.TryParse(value, CultureInfo.InvariantCulture, out maxWidth) && maxWidth >= 1; break;
                case "--steps": ok = int.TryParse(value, CultureInfo.InvariantCulture, out steps) && steps >= 1; break;
                case "--step-widths" when Numbers(value) is { } w: stepWidths = w; break;
                case "--step-points": ok = int.TryParse(value, CultureInfo.InvariantCulture, out stepPoints) && stepPoints >= 1; break;
                default: ok = false; break;
            }
            if (!ok)
            {
                Console.Error.WriteLine($"gap: cannot read argument '{args[i]}'. usage: gap [--sizes N,N] [--geometries G,G] [--threads T] [--exact] [--max-width W] [--steps S] [--step-widths W,W] [--step-points N] [--skip-search] [--skip-roofline] [--skip-steps]");
                return 2;
            }
            i++;
        }
        Console.WriteLine($"gap: doubling from 1, bisection to precision 0.1, {Seeds} seeds per width (success: >= 3 memorize), Adam lr 0.01, {steps} steps, He init, logistic loss, full batch, max width {maxWidth}; " +
            $"{threads} core{(threads == 1 ? "" : "s")} each (memlab --workers {threads} on one-threaded OpenBLAS; PyTorch in its fastest thread setting up to {threads}, probed per workload).");
        Console.WriteLine("Timings share the machine with whatever else runs on it; compare the ratios, which come from the same run.");
        var summary = new List<(string Workload, Side Memlab, Side Torch)>();
        if (search)
            foreach (int n in sizes)
            {
                foreach (string geometry in geometries)
                    summary.AddRange(Search(n, geometry, maxWidth, steps, threads, exact));
                if (roofline) Roofline(n);
            }
        if (summary.Count > 0) Summarize(summary);
        if (stepTimes) StepTimes(stepWidths, stepPoints);
        return 0;
    }

    private static IEnumerable<(string, Side, Side)> Search(int n, string geometry, int maxWidth, int steps, int threads, bool exact)
    {
        var blas = OpenBlas.Load(1);
        string spec = GapGeometries.Spec(geometry, n, Dimension, new Seed(1));
        var data = DatasetLoader.Load(spec, new DataLoadContext(null, blas));
        Console.WriteLine($"{spec}: N = {data.SampleCount}, d = {data.FeatureCount}");
        string file = Path.Combine(Path.GetTempPath(), $"memlab-gap-peer-{Environment.ProcessId}.bin");
        try
        {
            TrainBenchmark.WritePeerData(data, file);
            var sides = new List<(string Name, Side Result)>();
            if (exact) sides.Add(("memlab", MemlabChild(file, n, maxWidth, steps, threads, decideEarly: false)));
            var early = MemlabChild(file, n, maxWidth, steps, threads, decideEarly: true);
            sides.Add(("memlab --decide-early", early));
            var (torchThreads, blasThreads) = FastestTorchSetting(file, n, threads);
            var torch = TorchPeer(file, n, maxWidth, steps, torchThreads, blasThreads);
            sides.Add(("pytorch", torch));
            Console.WriteLine($"  {"",-22} {"search wall",12} {"CPU",9} {"process",9} {"width",6} {"peak RSS",9} {"network-steps",14} {"GFLOP",8} {"GFLOP/CPU s",12}");
            foreach (var (side, result) in sides)
                Console.WriteLine(result.Seconds is { } s
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"  {side,-22} {s,10:F2} s {result.CpuSeconds,7:F2} s {result.ProcessSeconds,7:F2} s {result.Width,6} {result.RssMb,6:F0} MB {result.NetworkSteps,14} {Flops(n, result.UnitSteps) / 1e9,8:F1} {Flops(n, result.UnitSteps) / 1e9 / result.CpuSeconds,12:F1}")
                    : $"  {side,-22} skipped: {result.Note}");
            foreach (var (side, result) in sides)
                if (result.Seconds is not null) Console.WriteLine($"  {side,-22} {result.Note}");
            if (torch.Seconds is { } peer)
                foreach (var (side, result) in sides.Where(p => p.Name != "pytorch"))
                    if (result.Seconds is { } mine)
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  ratio pytorch / {side}: {peer / mine:F2}x search wall, {torch.CpuSeconds / result.CpuSeconds:F2}x CPU, {torch.ProcessSeconds / result.ProcessSeconds:F2}x process wall; peak RSS {side} / pytorch {result.RssMb / torch.RssMb:F2}"));
            yield return ($"{(geometry == "gaussian" ? "Gaussian" : geometry)}, N = {n}", early, torch);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>All workloads' figures, memlab --decide-early against PyTorch, in one table.</summary>
    private static void Summarize(List<(string Workload, Side Memlab, Side Torch)> rows)
    {
        Console.WriteLine("Summary, memlab --decide-early against the PyTorch loop (same run; ratios are PyTorch / memlab, memory memlab / PyTorch):");
        Console.WriteLine($"  {"workload",-28} {"widths",9} {"search wall (s)",18} {"wall ratio",10} {"CPU (s)",17} {"CPU ratio",9} {"peak RSS (MB)",14} {"memory",7}");
        foreach (var (workload, m, t) in rows)
        {
            if (m.Seconds is not { } mine || t.Seconds is not { } peer)
            {
                Console.WriteLine($"  {workload,-28} not measured: {(m.Seconds is null ? m.Note : t.Note)}");
                continue;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {workload,-28} {m.Width + "/" + t.Width,9} {mine,8:F2} / {peer,7:F2} {peer / mine,9:F2}x {m.CpuSeconds,7:F2} / {t.CpuSeconds,7:F2} {t.CpuSeconds / m.CpuSeconds,8:F2}x {m.RssMb,5:F0} / {t.RssMb,5:F0} {m.RssMb / t.RssMb,7:F2}"));
        }
    }

    /// <summary>The width search in this process (a child of the benchmark); prints "seconds width peak_rss_mb description".</summary>
    private static int RunChild(string[] args)
    {
        string file = args[0];
        int[] numbers = args[1..6].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var (n, maxWidth, steps, workers, decideEarly) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4] == 1);
        var blas = OpenBlas.Load(1);
        var data = TrainBenchmark.ReadPeerData(file, n, Dimension);
        var recipe = new TrainOptions { Optimizer = Optimizer.Adam, LearningRate = 0.01, Loss = Loss.Logistic, Steps = steps };
        var options = new WidthSearchOptions { Seeds = Seeds, Start = 1, MaxWidth = maxWidth, RelativePrecision = 0.1, DecideEarly = decideEarly, Workers = workers };
        double cpuBefore = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var result = WidthSearch.Run(data, recipe, options, new Seed(0), blas);
        long networkSteps = result.Trials.Sum(t => t.NetworkSteps), unitSteps = result.Trials.Sum(t => t.Width * t.NetworkSteps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Seconds:R} {(result.MinimumWidth is { } w ? w.ToString(CultureInfo.InvariantCulture) : "none")} {TrainBenchmark.PeakRssMb():R} " +
            $"{Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - cpuBefore:R} {networkSteps} {unitSteps} " +
            $"memlab {NetworkProvenance.CurrentVersion}, {workers} worker{(workers == 1 ? "" : "s")}, widths tried (width:successes/trained) {string.Join(" ", result.Trials.Select(t => $"{t.Width}:{t.Successes}/{t.Trained}"))}"));
        return 0;
    }

    private static Side MemlabChild(string file, int n, int maxWidth, int steps, int workers, bool decideEarly)
    {
        var clock = Stopwatch.StartNew();
        string host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(GapBenchmark).Assembly.Location);
        foreach (string a in new[] { "gap", Child, file, Text(n), Text(maxWidth), Text(steps), Text(workers), decideEarly ? "1" : "0" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return Parse(process.ExitCode == 0 ? output : null, process.ExitCode == 0 ? "" : $"child exited {process.ExitCode}: {errors.Result.Trim()}", clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The PyTorch thread setting the loop runs with: among (T torch threads, T OpenBLAS threads) — PyTorch's default
    /// on T cores —, (T, 1) and (1, 1), the one with the shortest wall time per Adam step of a width-32 network on the
    /// workload's points (after warm-up steps), measured here and printed. On a busy machine PyTorch's OpenMP threads and
    /// OpenBLAS's own threads oversubscribe the cores (measured: 30 times slower per step than one thread), so the
    /// default alone would flatter memlab.
    /// </summary>
    private static (int Torch, int Blas) FastestTorchSetting(string file, int n, int threads)
    {
        const string Probe = """
            import sys, time
            import numpy as np
            import torch
            path, n, d, threads = sys.argv[1], *map(int, sys.argv[2:5])
            torch.set_num_threads(threads)
            raw = np.fromfile(path, dtype=np.float32)
            x = torch.from_numpy(raw[:n * d].reshape(n, d).copy())
            y = torch.from_numpy(raw[n * d:n * d + n].copy())
            torch.manual_seed(0)
            model = torch.nn.Sequential(torch.nn.Linear(d, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
            opt = torch.optim.Adam(model.parameters(), lr=0.01)
            loss_fn = torch.nn.BCEWithLogitsLoss()
            def step():
                opt.zero_grad(set_to_none=True)
                loss_fn(model(x).squeeze(1), y).backward()
                opt.step()
            for _ in range(10):
                step()
            start, count = time.perf_counter(), 100
            for _ in range(count):
                step()
            print(f"{(time.perf_counter() - start) / count * 1000} ms")
            """;
        var settings = new[] { (threads, threads), (threads, 1), (1, 1) }.Distinct().ToArray();
        var best = (Torch: 1, Blas: 1);
        double bestMs = double.PositiveInfinity;
        var notes = new List<string>();
        foreach (var (torchThreads, blasThreads) in settings)
        {
            double? ms = PythonPeer.Measure(Probe, [file, Text(n), Text(Dimension), Text(torchThreads)], blasThreads, out string note);
            notes.Add(ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{torchThreads} torch / {blasThreads} OpenBLAS: {v:F2} ms") : $"{torchThreads} torch / {blasThreads} OpenBLAS: failed ({note})");
            if (ms is { } value && value < bestMs) (best, bestMs) = ((torchThreads, blasThreads), value);
        }
        Console.WriteLine($"  PyTorch per-step wall time at width 32 by thread setting: {string.Join("; ", notes)} -> the loop runs with {best.Torch} torch / {best.Blas} OpenBLAS thread(s)");
        return best;
    }

    private static Side TorchPeer(string file, int n, int maxWidth, int steps, int threads, int blasThreads)
    {
        var clock = Stopwatch.StartNew();
        const string Script = """
            import sys, time, resource
            try:
                import numpy as np
                import torch
            except ImportError as e:
                print(f"missing {e.name}; install python3-torch"); sys.exit(3)
            path, n, d, max_width, steps, seeds, threads = sys.argv[1], *map(int, sys.argv[2:8])
            torch.set_num_threads(threads)
            raw = np.fromfile(path, dtype=np.float32)
            x = torch.from_numpy(raw[:n * d].reshape(n, d).copy())
            y = torch.from_numpy(raw[n * d:n * d + n].copy())
            positive = y > 0.5
            loss_fn = torch.nn.BCEWithLogitsLoss()

            def memorizes(width, seed):
                torch.manual_seed(seed)
                model = torch.nn.Sequential(torch.nn.Linear(d, width), torch.nn.ReLU(), torch.nn.Linear(width, 1))
                for layer in (model[0], model[2]):
                    torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                    torch.nn.init.zeros_(layer.bias)
                opt = torch.optim.Adam(model.parameters(), lr=0.01)
                global network_steps, unit_steps
                for step in range(steps + 1):
                    z = model(x).squeeze(1)
                    done = bool(((z > 0) == positive).all())
                    if done or step == steps:
                        network_steps += step
                        unit_steps += width * step
                        return done
                    opt.zero_grad(set_to_none=True)
                    loss_fn(z, y).backward()
                    opt.step()

            def succeeds(width):
                need, wins, losses = (seeds + 1) // 2, 0, 0
                for i in range(seeds):
                    if memorizes(width, 1000 * width + i):
                        wins += 1
                    else:
                        losses += 1
                    if wins >= need or losses > seeds - need:
                        break
                return wins >= need

            network_steps, unit_steps = 0, 0
            start, cpu_start = time.perf_counter(), time.process_time()
            tried, last_failure, found, width = [], 0, None, 1
            while True:
                ok = succeeds(width); tried.append(f"{width}:{int(ok)}")
                if ok:
                    found = width
                    break
                last_failure = width
                if width == max_width:
                    break
                width = min(2 * width, max_width)
            if found is not None:
                while found - last_failure > 1 and found - last_failure > 0.1 * found:
                    middle = last_failure + (found - last_failure) // 2
                    ok = succeeds(middle); tried.append(f"{middle}:{int(ok)}")
                    if ok:
                        found = middle
                    else:
                        last_failure = middle
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{seconds} {found if found is not None else 'none'} {rss} {cpu} {network_steps} {unit_steps} torch {torch.__version__}, {torch.get_num_threads()} torch thread(s), widths tried (width:succeeded) {' '.join(tried)}")
            """;
        string? output = PythonPeer.Run(Script, [file, Text(n), Text(Dimension), Text(maxWidth), Text(steps), Text(Seeds), Text(threads)], blasThreads, out string failure);
        return Parse(output, failure, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Per network-step time of the trainer, one network alone against five batched, at N = <paramref name="points"/> (default 2000), d = 50.</summary>
    private static void StepTimes(int[] widths, int points)
    {
        var blas = OpenBlas.Load(1);
        var data = DatasetLoader.Load($"gaussian:n={points},d=50,seed=1", new DataLoadContext(null, blas));
        Console.WriteLine($"CPU time per network-step (N = {points}, d = 50, Adam, logistic, full batch, training past memorization; 1 thread):");
        Console.WriteLine($"  {"width",6} {"alone",12} {"batched x5",12} {"alone / batched",16}");
        // Warm-up (JIT, buffers) so the first width is not charged for it.
        BatchedTraining.Train(data, new TrainOptions { Steps = 3 }, [new TrainingJob(2, new Seed(0))], new BatchedTrainingOptions(), blas);
        new Trainer(blas).Train(data, new TrainOptions { Hidden = [2], Steps = 3 }, new Seed(0));
        foreach (int width in widths)
        {
            int steps = Math.Clamp((int)Math.Min(400, 80_000_000L / ((long)points * width)), 20, 400);
            var recipe = new TrainOptions { Hidden = [width], Steps = steps, StopWhenMemorized = false };
            double aloneCpu = CpuSeconds(() => new Trainer(blas).Train(data, recipe, new Seed(0)));
            var jobs = Enumerable.Range(0, Seeds).Select(i => new TrainingJob(width, new Seed(0).Derive(i))).ToArray();
            double batchedCpu = CpuSeconds(() => BatchedTraining.Train(data, recipe, jobs, new BatchedTrainingOptions(), blas));
            double aloneMs = aloneCpu * 1000 / steps, batchedMs = batchedCpu * 1000 / (steps * Seeds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {width,6} {aloneMs,9:F3} ms {batchedMs,9:F3} ms {aloneMs / batchedMs,15:F2}x"));
        }
    }

    private static Side Parse(string? output, string failure, double processSeconds)
    {
        string[] words = output?.Split(' ', 7) ?? [];
        if (words.Length < 7 || !double.TryParse(words[0], CultureInfo.InvariantCulture, out double seconds)
            || !double.TryParse(words[2], CultureInfo.InvariantCulture, out double rss)
            || !double.TryParse(words[3], CultureInfo.InvariantCulture, out double cpu)
            || !long.TryParse(words[4], CultureInfo.InvariantCulture, out long networkSteps)
            || !long.TryParse(words[5], CultureInfo.InvariantCulture, out long unitSteps))
            return new Side(null, 0, processSeconds, "", 0, 0, 0, output is null ? failure : $"unexpected output '{output}'");
        return new Side(seconds, cpu, processSeconds, words[1], rss, networkSteps, unitSteps, words[6]);
    }

    /// <summary>
    /// One side's search: wall and CPU seconds (null when it did not run), the child process's whole wall time, the width
    /// found, peak RSS in MB, the parameter updates summed over its trainings and the same weighted by width (hidden
    /// units times steps), and a note.
    /// </summary>
    private sealed record Side(double? Seconds, double CpuSeconds, double ProcessSeconds, string Width, double RssMb, long NetworkSteps, long UnitSteps, string Note);

    /// <summary>
    /// The first layer's arithmetic of a search: every update costs a forward product X W^T and a gradient product
    /// D^T X, 2 N d flops per hidden unit each (the output layer and the element-wise passes add a fraction 1/d).
    /// </summary>
    private static double Flops(int n, long unitSteps) => 4.0 * n * Dimension * unitSteps;

    /// <summary>
    /// This machine's single-thread OpenBLAS SGEMM rate at the products of a batched search on <paramref name="n"/>
    /// points: the forward [W_1 | ... | W_K] X^T and the gradient D^T X at total widths 5 to 1,280 (5 seeds of width 1
    /// to 256), and a square 1,024 product (the kernel's peak), in GFLOP per CPU second.
    /// </summary>
    private static void Roofline(int n)
    {
        var blas = OpenBlas.Load(1);
        var rng = new Rng(new Seed(5));
        var x = new float[n * Dimension];
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.NextGaussian();
        Console.WriteLine($"  single-thread SGEMM at the search's shapes (N = {n}, d = {Dimension}), GFLOP per CPU second:");
        Console.WriteLine($"  {"total width",12} {"X W^T",8} {"D^T X",8}");
        foreach (int total in new[] { 5, 20, 80, 320, 1280 })
        {
            var w = new float[total * Dimension];
            var h = new float[total * n];
            for (int i = 0; i < w.Length; i++) w[i] = (float)rng.NextGaussian();
            for (int i = 0; i < h.Length; i++) h[i] = (float)rng.NextGaussian();
            double flops = 2.0 * n * Dimension * total;
            double forward = Rate(flops, () => blas.Sgemm(Transpose.No, Transpose.Yes, total, n, Dimension, 1f, w, Dimension, x, Dimension, 0f, h, n));
            double backward = Rate(flops, () => blas.Sgemm(Transpose.No, Transpose.No, total, Dimension, n, 1f, h, n, x, Dimension, 0f, w, Dimension));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total,12} {forward,8:F1} {backward,8:F1}"));
        }
        const int Square = 1024;
        var a = new float[Square * Square];
        var c = new float[a.Length];
        for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextGaussian();
        double peak = Rate(2.0 * Square * Square * Square, () => blas.Sgemm(Transpose.No, Transpose.No, Square, Square, Square, 1f, a, Square, a, Square, 0f, c, Square));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  square {Square} x {Square} x {Square} (peak): {peak:F1} GFLOP/s"));
    }

    /// <summary>The CPU seconds this process spends in <paramref name="work"/> (steadier than wall time on a shared machine).</summary>
    private static double CpuSeconds(Action work)
    {
        var self = Process.GetCurrentProcess();
        double start = self.TotalProcessorTime.TotalSeconds;
        work();
        self.Refresh();
        return self.TotalProcessorTime.TotalSeconds - start;
    }

    /// <summary>GFLOP per CPU second of <paramref name="product"/>, repeated for at least 0.3 CPU seconds after a warm-up.</summary>
    private static double Rate(double flops, Action product)
    {
        product();
        var self = Process.GetCurrentProcess();
        double start = self.TotalProcessorTime.TotalSeconds, spent;
        long calls = 0;
        do
        {
            product();
            calls++;
            self.Refresh();
            spent = self.TotalProcessorTime.TotalSeconds - start;
        }
        while (spent < 0.3);
        return flops * calls / spent / 1e9;
    }

    private static int[]? Numbers(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(',');
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], CultureInfo.InvariantCulture, out values[i]) || values[i] < 1) return null;
        return values;
    }

    private static string Text(int value) => TrainBenchmark.Text(value);
}
