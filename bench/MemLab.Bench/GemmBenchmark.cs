using System.Diagnostics;
using System.Globalization;
using MemLab.LinearAlgebra;

namespace MemLab.Bench;

/// <summary>
/// "gemm": square sgemm and dgemm GFLOP/s for OpenBLAS and the managed backend, with numpy's matmul (when
/// /usr/bin/python3 has numpy) as the peer measured in the same run.
/// Options: --sizes 512,1024,2048  --threads N (default: all cores).
/// </summary>
internal static class GemmBenchmark
{
    private const int Runs = 3;

    public static int Run(string[] args)
    {
        int[] sizes = [512, 1024, 2048];
        int threads = Environment.ProcessorCount;
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--sizes" when value is not null:
                    sizes = value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    i++;
                    break;
                case "--threads" when value is not null:
                    threads = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"gemm: unknown or incomplete option '{args[i]}'; options: --sizes 512,1024,2048 --threads N");
                    return 2;
            }
        }

        Console.WriteLine($"gemm: C = A B with n x n x n operands; GFLOP/s = 2 n^3 / best of {Runs} runs after a warm-up; {threads} threads");
        var backends = new List<IBlas>();
        if (OpenBlas.TryLoad(threads, out var openBlas, out string? reason)) backends.Add(openBlas);
        else Console.WriteLine($"openblas: skipped, {reason}");
        backends.Add(new ManagedBlas(threads));
        foreach (IBlas blas in backends) Console.WriteLine($"{blas.Name}: {blas.Describe()}");
        Dictionary<(string, int), double> numpy = RunNumpy(sizes, threads);

        var header = new[] { "n", "op" }.Concat(backends.Select(b => b.Name)).ToList();
        if (backends.Count == 2) header.Add("openblas/managed");
        if (numpy.Count > 0) header.AddRange(["numpy", "memlab/numpy"]);
        var rows = new List<string[]> { header.ToArray() };
        foreach (int n in sizes)
        {
            foreach (string op in new[] { "sgemm", "dgemm" })
            {
                double[] rates = backends.Select(b => Measure(b, op, n)).ToArray();
                var row = new List<string> { n.ToString(CultureInfo.InvariantCulture), op };
                row.AddRange(rates.Select(Format));
                if (backends.Count == 2) row.Add(Ratio(rates[0] / rates[1]));
                if (numpy.TryGetValue((op, n), out double peer)) row.AddRange([Format(peer), Ratio(rates[0] / peer)]);
                else if (numpy.Count > 0) row.AddRange(["-", "-"]);
                rows.Add(row.ToArray());
            }
        }
        PrintTable(rows);
        return 0;
    }

    /// <summary>GFLOP/s of the best of <see cref="Runs"/> timed calls after one warm-up call.</summary>
    private static double Measure(IBlas blas, string op, int n)
    {
        var rng = new Seed(1).CreateRng();
        var stopwatch = new Stopwatch();
        double best = double.MaxValue;
        if (op == "sgemm")
        {
            float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
            rng.FillGaussian(a);
            rng.FillGaussian(b);
            for (int run = 0; run <= Runs; run++)
            {
                stopwatch.Restart();
                blas.Sgemm(Transpose.No, Transpose.No, n, n, n, 1f, a, n, b, n, 0f, c, n);
                if (run > 0) best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
            }
        }
        else
        {
            double[] a = new double[n * n], b = new double[n * n], c = new double[n * n];
            rng.FillGaussian(a);
            rng.FillGaussian(b);
            for (int run = 0; run <= Runs; run++)
            {
                stopwatch.Restart();
                blas.Dgemm(Transpose.No, Transpose.No, n, n, n, 1.0, a, n, b, n, 0.0, c, n);
                if (run > 0) best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
            }
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /// <summary>numpy matmul GFLOP/s per (op, n), measured like <see cref="Measure"/>; empty (with a note) when unavailable.</summary>
    private static Dictionary<(string, int), double> RunNumpy(int[] sizes, int threads)
    {
        var rates = new Dictionary<(string, int), double>();
        const string Script = """
            import sys, time
            import numpy as np
            print("numpy", np.__version__)
            for n in map(int, sys.argv[2].split(",")):
                for op, dtype in (("sgemm", np.float32), ("dgemm", np.float64)):
                    rng = np.random.default_rng(1)
                    a, b = (rng.standard_normal((n, n)).astype(dtype) for _ in range(2))
                    c = np.empty((n, n), dtype)
                    best = float("inf")
                    for run in range(int(sys.argv[1]) + 1):
                        start = time.perf_counter()
                        np.matmul(a, b, out=c)
                        if run > 0:
                            best = min(best, time.perf_counter() - start)
                    print(op, n, 2.0 * n ** 3 / best / 1e9)
            """;
        string? output = PythonPeer.Run(Script, [Runs.ToString(CultureInfo.InvariantCulture), string.Join(",", sizes)], threads, out string failure);
        if (output is null)
        {
            Console.WriteLine($"numpy: skipped, {failure}");
            return rates;
        }
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            if (parts[0] == "numpy") Console.WriteLine($"numpy: numpy {parts[1]} via {PythonPeer.Executable}, matmul, {PythonPeer.Describe(threads)}");
            else rates[(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture))] = double.Parse(parts[2], CultureInfo.InvariantCulture);
        }
        return rates;
    }

    private static string Format(double gflops) => gflops.ToString("F1", CultureInfo.InvariantCulture);

    private static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "x";

    private static void PrintTable(List<string[]> rows)
    {
        int[] widths = Enumerable.Range(0, rows[0].Length).Select(col => rows.Max(r => r[col].Length)).ToArray();
        Console.WriteLine();
        foreach (string[] row in rows)
            Console.WriteLine(string.Join("  ", row.Select((cell, col) => col == 1 ? cell.PadRight(widths[col]) : cell.PadLeft(widths[col]))));
    }
}
