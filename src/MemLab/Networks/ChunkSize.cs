namespace MemLab.Networks;

/// <summary>
/// How many rows one GEMM call over a layer processes: the caller's chunk size, lowered for wide layers so a
/// chunk's buffers (rows x widest layer, float64) stay near 8 MiB and in cache. A 4096-row chunk of a 2000-unit layer
/// would be 64 MiB per buffer and make every pass over it a trip to main memory.
/// </summary>
internal static class ChunkSize
{
    private const long TargetValues = 1 << 20;
    private const int FewestRows = 64;

    /// <summary>Rows per chunk for layers at most <paramref name="widest"/> wide, never above <paramref name="requestedRows"/>.</summary>
    public static int Rows(int requestedRows, int widest) =>
        (int)Math.Max(1, Math.Min(requestedRows, Math.Max(FewestRows, TargetValues / Math.Max(1, widest))));

    /// <summary>Rows per chunk for evaluating <paramref name="network"/> on its inputs.</summary>
    public static int Rows(int requestedRows, Network network) =>
        Rows(requestedRows, Math.Max(network.InputCount, network.Layers.Max(l => l.OutputCount)));
}
