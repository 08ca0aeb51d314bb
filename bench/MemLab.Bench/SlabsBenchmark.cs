using System.Diagnostics;
using System.Globalization;
using MemLab.Constructions;
using MemLab.Constructions.Slabs;
using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Bench;

/// <summary>
/// "slabs": Baum's and Bubeck et al.'s constructions on N = 100,000 random Gaussian points in d = 784 with random
/// binary labels (issue 5's acceptance: each builds in under a minute on 2 cores). Times each full build (working
/// coordinates, grouping, hyperplanes, distances, network, float64 verification) and, as the same-run peer, the core
/// linear algebra alone: memlab's grouping of all N points (one blocked-LU solve per group of d points plus the
/// N x G distance GEMM) against NumPy doing the same with numpy.linalg.solve and one matrix product, when numpy is there.
/// Wall times on a shared machine include waiting for a core, so the CPU time of the process is printed beside them.
/// Usage: slabs [--blas openblas|managed] [--threads T] [--n N] [--d D] [--seed S]
/// </summary>
internal static class SlabsBenchmark
{
    private const double LimitSeconds = 60;

    public static int Run(string[] args)
    {
        var arguments = new BenchArguments("slabs", args, "[--blas openblas|managed] [--threads T] [--n N] [--d D] [--seed S]");
        string backend = arguments.Choice("--blas", "openblas", "openblas", "managed");
        int threads = arguments.Int("--threads", Environment.ProcessorCount, minimum: 1);
        int n = arguments.Int("--n", 100_000, minimum: 2), d = arguments.Int("--d", 784, minimum: 1);
        ulong seed = arguments.ULong("--seed", 0);
        if (!arguments.Complete(out int exitCode)) return exitCode;
        IBlas blas = backend == "managed" ? new ManagedBlas(threads) : OpenBlas.Load(threads);
        Dataset data = DatasetLoader.Load($"gaussian:n={n},d={d},labels=random,seed={seed}", new DataLoadContext(null, blas));
        Console.WriteLine($"slabs: Gaussian {n} x {d}, random binary labels, seed {seed}");
        Console.WriteLine($"backend: {blas.Describe()}");

        long start = Stopwatch.GetTimestamp();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var baum = new BaumConstruction(blas).Build(data, new BaumOptions(), new Seed(seed));
        double baumSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Print("baum", baumSeconds, CpuSecondsSince(ref cpu), baum.Report, ((BaumDetails)baum.Report.Details).GeneralPosition);

        start = Stopwatch.GetTimestamp();
        var bubeck = new BubeckConstruction(blas).Build(data, new BubeckOptions(), new Seed(seed));
        double bubeckSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var details = (BubeckDetails)bubeck.Report.Details;
        Print("bubeck", bubeckSeconds, CpuSecondsSince(ref cpu), bubeck.Report, details.GeneralPosition);
        Console.WriteLine($"        largest output weight {details.LargestOutputWeight:G3}, rounding error estimate {details.RoundingErrorEstimate:G3}, " +
            $"margin {bubeck.Report.Verification.MinThresholdMargin?.Value:G3}");

        start = Stopwatch.GetTimestamp();
        var coordinates = WorkingCoordinates.Of(data, blas);
        double coordinateSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var targets = new double[n];
        for (int i = 0; i < n; i++) targets[i] = data.Labels[i] == 1 ? 1 : -1;
        start = Stopwatch.GetTimestamp();
        var grouping = SlabGrouping.Build(coordinates, Enumerable.Range(0, n).ToArray(), new bool[n], targets, 1, 1e4, new Seed(seed), blas);
        double groupingSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.WriteLine($"core: working coordinates {coordinateSeconds:F2} s; grouping of all {n} points into {grouping.Groups.Count} hyperplanes with fits " +
            $"(LU solves + N x G distances) {groupingSeconds:F2} s");
        double? peer = NumpySeconds(n, d, threads, out string note);
        Console.WriteLine(peer is double numpy
            ? $"same-run peer, the same core step in numpy (linalg.solve per group + one N x G product): {numpy:F2} s ({note}); numpy / memlab: {numpy / groupingSeconds:F2}"
            : $"numpy peer skipped: {note}");
        return 0;
    }

    /// <summary>CPU seconds of this process (all threads) since <paramref name="last"/>, which moves to now.</summary>
    private static double CpuSecondsSince(ref TimeSpan last)
    {
        TimeSpan now = Process.GetCurrentProcess().TotalProcessorTime;
        double seconds = (now - last).TotalSeconds;
        last = now;
        return seconds;
    }

    private static void Print(string name, double seconds, double cpuSeconds, ConstructionReport report, GeneralPositionReport position) =>
        Console.WriteLine($"{name,-6}: {seconds,7:F2} s wall, {cpuSeconds:F2} s CPU (limit {LimitSeconds:F0} s wall: {(seconds < LimitSeconds ? "within" : "OVER")})  widths {string.Join("-", report.Widths)}  " +
            $"parameters {report.ParameterCount} ({(double)report.ParameterCount / report.Verification.SampleCount:F2} per point)  groups {position.GroupCount} " +
            $"(split {position.SplitGroups})  smallest eps {position.SmallestEps:G3} (eps / rounding {position.SmallestSafetyRatio:G3})  " +
            $"memorized: {(report.Memorized ? "yes" : $"no ({report.Verification.FailureCount} failures)")}" +
            (report.Verification.MaxError is { } error ? $"  max error {error:G3}" : ""));

    /// <summary>NumPy's time for the same core step on Gaussian data of the same shape (its own random draw), or null with the reason.</summary>
    private static double? NumpySeconds(int n, int d, int threads, out string note)
    {
        const string Script = """
            import sys, time
            try:
                import numpy as np
            except ImportError:
                print("no numpy"); sys.exit(3)
            n, d = int(sys.argv[1]), int(sys.argv[2])
            rng = np.random.default_rng(0)
            x = rng.standard_normal((n, d))
            y = np.where(rng.random(n) < 0.5, -1.0, 1.0)
            start = time.perf_counter()
            z = x - x.mean(axis=0)
            order = rng.permutation(n)
            groups = [order[i:i + d] for i in range(0, n, d)]
            normals, offsets, fits, consts = [], [], [], []
            for g in groups:
                a = np.vstack([z[g], rng.standard_normal((d - len(g), d))])
                shift = rng.standard_normal(d)
                rhs = np.zeros((d, 2)); rhs[:, 0] = 1; rhs[:len(g), 1] = y[g]
                sol = np.linalg.solve(a - shift, rhs)
                w0 = sol[:, 0]; norm = np.linalg.norm(w0); w = w0 / norm; b = (1 + w0 @ shift) / norm
                s = sol[:, 1]; along = s @ w
                normals.append(w); offsets.append(b); fits.append(s - along * w); consts.append(-s @ shift + along * b)
            directions = np.vstack(normals + fits)
            products = z @ directions.T
            distances = np.abs(products[:, :len(groups)] - np.array(offsets))
            eps = distances.min(axis=0) / 2
            print(f"{time.perf_counter() - start:.3f} numpy {np.__version__}, {len(groups)} groups")
            """;
        return PythonPeer.Measure(Script, [n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture)], threads, out note);
    }
}
