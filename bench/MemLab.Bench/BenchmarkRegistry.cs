namespace MemLab.Bench;

/// <summary>The benchmarks this program can run, by name.</summary>
internal static class BenchmarkRegistry
{
    public static IReadOnlyDictionary<string, Func<string[], int>> All { get; } = new Dictionary<string, Func<string[], int>>
    {
        ["gemm"] = GemmBenchmark.Run,
        ["forward"] = ForwardBenchmark.Run,
        ["store"] = StoreBenchmark.Run,
        ["finke"] = FinkeBenchmark.Run,
        ["finke-peer"] = FinkePeerBenchmark.Run,
        ["slabs"] = SlabsBenchmark.Run,
        ["verify"] = VerifyBenchmark.Run,
        ["train"] = TrainBenchmark.Run,
        ["gap"] = GapBenchmark.Run,
        ["sparse"] = SparseBenchmark.Run,
    };
}
