namespace MemLab.LinearAlgebra;

/// <summary>
/// Turns a <see cref="BlasChoice"/> into a live backend: an explicit choice is honoured or fails with the reason, Auto
/// takes OpenBLAS when it loads and otherwise falls back to <see cref="ManagedBlas"/> with the reason recorded
/// (the explicit / try / best pattern of MathNet.Numerics' provider control, without its process-wide provider).
/// </summary>
public static class BlasBackend
{
    /// <summary>Resolves <paramref name="choice"/> to a backend using <paramref name="threadCount"/> threads per call.</summary>
    /// <param name="choice">Which backend to use.</param>
    /// <param name="threadCount">Threads per GEMM call. Must be >= 1. For OpenBLAS this is process-wide (see <see cref="OpenBlas"/>).</param>
    /// <exception cref="MemLabException">A thread count below 1 or above OpenBLAS's cap (InvalidOptions), or
    /// <see cref="BlasChoice.OpenBlas"/> when OpenBLAS cannot be loaded (BackendUnavailable).</exception>
    public static BlasResolution Resolve(BlasChoice choice, int threadCount)
    {
        if (threadCount < 1)
            throw MemLabException.InvalidOptions($"The BLAS thread count must be at least 1; got {threadCount}. Pass a positive thread count.");
        return choice switch
        {
            BlasChoice.Managed => new BlasResolution(new ManagedBlas(threadCount), null),
            BlasChoice.OpenBlas => new BlasResolution(OpenBlas.Load(threadCount), null),
            BlasChoice.Auto => OpenBlas.TryLoad(threadCount, out var openBlas, out string? reason)
                ? new BlasResolution(openBlas, null)
                : new BlasResolution(new ManagedBlas(threadCount), reason),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown BlasChoice."),
        };
    }
}
