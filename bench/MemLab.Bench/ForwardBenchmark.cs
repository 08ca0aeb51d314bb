using System.Diagnostics;
using System.Globalization;
using MemLab.Data.Loaders;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Bench;

/// <summary>
/// "forward": times <see cref="ForwardPass"/> on a 784-1000-1 ReLU network over the 60,000 MNIST training
/// images (from --data-dir or $MEMLAB_DATA; uniform random inputs of the same shape when MNIST is not there)
/// in float32 and float64, best of 3 after a warm-up, and numpy's float32 relu(X W1^T + b1) W2^T + b2 on the
/// same shapes as a peer in the same run.
/// Usage: forward [--blas openblas|managed] [--threads T] [--rows N] [--data-dir DIR]
/// </summary>
internal static class ForwardBenchmark
{
    private const int InputCount = 784;
    private const int HiddenCount = 1000;
    private const int Repeats = 3;

    /// <summary>The backends --blas can name, each built from a thread count.</summary>
    private static readonly Dictionary<string, Func<int, IBlas>> Backends = new()
    {
        ["openblas"] = threads => OpenBlas.Load(threads),
        ["managed"] = threads => new ManagedBlas(threads),
    };

    public static int Run(string[] args)
    {
        string backend = "openblas";
        int threads = Environment.ProcessorCount;
        int rows = 60_000;
        string? dataDirectory = Environment.GetEnvironmentVariable("MEMLAB_DATA");
        for (int i = 0; i < args.Length; i++)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--blas" when value is not null:
                    backend = value;
                    break;
                case "--threads" when int.TryParse(value, CultureInfo.InvariantCulture, out threads) && threads >= 1:
                    break;
                case "--rows" when int.TryParse(value, CultureInfo.InvariantCulture, out rows) && rows >= 1:
                    break;
                case "--data-dir" when value is not null:
                    dataDirectory = value;
                    break;
                default:
                    return Usage($"cannot read argument '{args[i]}'{(value is null ? "" : $" '{value}'")}");
            }
            i++;
        }
        if (!Backends.TryGetValue(backend, out Func<int, IBlas>? create))
            return Usage($"unknown --blas '{backend}'");

        IBlas blas = create(threads);
        Network network = RandomNetwork(new Seed(1));
        (float[] inputs, string source) = Inputs(dataDirectory, rows);
        double flops = 2.0 * rows * ((double)InputCount * HiddenCount + HiddenCount);

        Console.WriteLine($"forward: {InputCount}-{HiddenCount}-1 ReLU network on {rows} x {InputCount} inputs ({source}); best of {Repeats} after a warm-up");
        Console.WriteLine($"backend: {blas.Describe()}");
        double single = BestMilliseconds(() => ForwardPass.Evaluate(network, inputs, rows, blas, Precision.Float32));
        Console.WriteLine($"memlab float32: {single,10:F1} ms  {flops / single / 1e6,7:F1} GFLOP/s");
        double wide = BestMilliseconds(() => ForwardPass.Evaluate(network, inputs, rows, blas, Precision.Float64));
        Console.WriteLine($"memlab float64: {wide,10:F1} ms  {flops / wide / 1e6,7:F1} GFLOP/s");

        double? peer = NumpyMilliseconds(rows, threads, out string note);
        if (peer is double numpy)
        {
            Console.WriteLine($"numpy  float32: {numpy,10:F1} ms  {flops / numpy / 1e6,7:F1} GFLOP/s  ({note})");
            Console.WriteLine($"ratio memlab/numpy float32 time: {single / numpy:F2}");
        }
        else
        {
            Console.WriteLine($"numpy peer skipped: {note}");
        }
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"forward: {problem}. usage: forward [--blas {string.Join("|", Backends.Keys)}] [--threads T] [--rows N]");
        return 2;
    }

    private static Network RandomNetwork(Seed seed)
    {
        var hidden = new double[HiddenCount * InputCount];
        var output = new double[HiddenCount];
        seed.Derive("hidden").CreateRng().FillGaussian(hidden, 0, 1 / Math.Sqrt(InputCount));
        seed.Derive("output").CreateRng().FillGaussian(output, 0, 1 / Math.Sqrt(HiddenCount));
        return new Network(
            [
                new DenseLayer(InputCount, HiddenCount, hidden, new double[HiddenCount], Activation.Relu),
                new DenseLayer(HiddenCount, 1, output, [0.0], Activation.Identity),
            ],
            OutputRule.Sign, NetworkProvenance.Manual("forward benchmark"));
    }

    /// <summary>The first <paramref name="rows"/> MNIST training images when they are available and enough, else uniform noise.</summary>
    private static (float[] Inputs, string Source) Inputs(string? dataDirectory, int rows)
    {
        string? folder = dataDirectory is null ? null : Path.Combine(dataDirectory, "mnist");
        if (folder is null || !Directory.Exists(folder))
            return (UniformInputs(new Seed(2), rows), "uniform [0,1) noise: MNIST not found; pass --data-dir or set MEMLAB_DATA");
        Dataset mnist = MnistLoader.Load(folder, MnistSplit.Train);
        if (mnist.SampleCount < rows)
            return (UniformInputs(new Seed(2), rows), $"uniform [0,1) noise: MNIST train has only {mnist.SampleCount} images");
        return (mnist.Features[..(rows * InputCount)].ToArray(), "MNIST training images, pixels / 255");
    }

    private static float[] UniformInputs(Seed seed, int rows)
    {
        Rng rng = seed.CreateRng();
        var inputs = new float[rows * InputCount];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = rng.NextSingle();
        return inputs;
    }

    private static double BestMilliseconds(Action run)
    {
        run();
        double best = double.PositiveInfinity;
        for (int r = 0; r < Repeats; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return best;
    }

    /// <summary>numpy's best-of-3 time for the same computation in a child /usr/bin/python3, or null with the reason.</summary>
    private static double? NumpyMilliseconds(int rows, int threads, out string note)
    {
        const string Script = """
            import sys, time
            try:
                import numpy as np
            except ImportError:
                print("no numpy"); sys.exit(3)
            n, d, h, repeats = map(int, sys.argv[1:5])
            rng = np.random.default_rng(0)
            x = rng.random((n, d), dtype=np.float32)
            w1 = (rng.standard_normal((h, d)) / np.sqrt(d)).astype(np.float32)
            b1 = np.zeros(h, dtype=np.float32)
            w2 = (rng.standard_normal((1, h)) / np.sqrt(h)).astype(np.float32)
            b2 = np.zeros(1, dtype=np.float32)
            def forward():
                hidden = x @ w1.T
                hidden += b1
                np.maximum(hidden, 0, out=hidden)
                return hidden @ w2.T + b2
            forward()
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                forward()
                best = min(best, time.perf_counter() - start)
            print(f"{best * 1000:.3f} numpy {np.__version__}")
            """;
        string[] arguments = [rows.ToString(CultureInfo.InvariantCulture), InputCount.ToString(CultureInfo.InvariantCulture),
            HiddenCount.ToString(CultureInfo.InvariantCulture), Repeats.ToString(CultureInfo.InvariantCulture)];
        return PythonPeer.Measure(Script, arguments, threads, out note);
    }
}
