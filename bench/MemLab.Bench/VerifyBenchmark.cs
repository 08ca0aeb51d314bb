using System.Globalization;
using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Bench;

/// <summary>
/// "verify": the Finke build of issue 4's largest case (two moons of 1,000,000 points, noise 0.05, n = 2000,
/// lambda = 1, random cover by default) timed in its parts: data, construction, and the float64 verification of every
/// point by the general pass (GEMMs through N x n stored pre-activations, the peer) and by the fused threshold pass
/// that <see cref="Verification.Verify"/> takes for it. Prints wall and CPU seconds (CPU time is the steadier figure
/// on a shared machine), the ratio, and whether the two reports agree.
/// Usage: verify [--n N] [--width W] [--lambda L] [--cover random|greedy] [--blas openblas|managed] [--threads T]
/// </summary>
internal static class VerifyBenchmark
{
    public static int Run(string[] args)
    {
        int count = 1_000_000, threads = Environment.ProcessorCount;
        string backend = "openblas";
        var options = new FinkeOptions { Width = 2000, Lambda = 1, Cover = Cover.Random };
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            bool ok = true;
            switch (args[i])
            {
                case "--n":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out count) && count >= 2;
                    break;
                case "--width" when int.TryParse(value, CultureInfo.InvariantCulture, out int width):
                    options = options with { Width = width };
                    break;
                case "--lambda" when double.TryParse(value, CultureInfo.InvariantCulture, out double lambda):
                    options = options with { Lambda = lambda };
                    break;
                case "--cover" when Enum.TryParse(value, ignoreCase: true, out Cover cover):
                    options = options with { Cover = cover };
                    break;
                case "--blas" when value is "openblas" or "managed":
                    backend = value;
                    break;
                case "--threads":
                    ok = int.TryParse(value, CultureInfo.InvariantCulture, out threads) && threads >= 1;
                    break;
                default:
                    ok = false;
                    break;
            }
            if (!ok)
            {
                Console.Error.WriteLine($"verify: cannot read '{args[i]} {value}'. usage: verify [--n N] [--width W] [--lambda L] [--cover random|greedy] [--blas openblas|managed] [--threads T]");
                return 2;
            }
        }
        if (args.Length % 2 != 0)
        {
            Console.Error.WriteLine($"verify: '{args[^1]}' has no value.");
            return 2;
        }
        IBlas blas = backend == "managed" ? new ManagedBlas(threads) : OpenBlas.Load(threads);
        Console.WriteLine($"verify: moons N = {count}, n = {options.Width}, lambda = {options.Lambda}, {options.Cover.ToString().ToLowerInvariant()} cover; {blas.Describe()}");

        var clock = new BenchClock();
        Dataset data = DatasetLoader.Load($"moons:n={count},noise=0.05,seed=0", new DataLoadContext(null, blas));
        clock.Print("data");
        var (network, details) = new FinkeConstruction(blas).Construct(data, options, new Seed(0));
        clock.Print($"construction (pruned width {details.PrunedWidth}, uncoverable {details.UncoverableIndices.Count})");
        VerificationReport general = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, ForwardPass.DefaultChunkRows, fused: false);
        var (generalWall, generalCpu) = clock.Print("verification, general pass (peer)");
        VerificationReport fused = Verification.VerifyWith(network, data, blas, Verification.DefaultTolerance, ForwardPass.DefaultChunkRows, fused: true);
        var (fusedWall, fusedCpu) = clock.Print("verification, fused threshold pass");
        Console.WriteLine($"fused vs general: {generalWall / fusedWall:F1}x wall, {generalCpu / fusedCpu:F1}x CPU; memorized {fused.Memorized}, " +
            $"failures {fused.FailureCount} vs {general.FailureCount}, smallest margin {fused.MinThresholdMargin} vs {general.MinThresholdMargin}");
        return 0;
    }
}
