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
    /// <param name="threadCount">Threads per GEMM call, >= 1; null for every core (capped at OpenBLAS's own maximum, which an
    /// explicit count may not exceed). For OpenBLAS this is process-wide (see <see cref="OpenBlas"/>).</param>
    /// <exception cref="MemLabException">An explicit thread count below 1 or above OpenBLAS's cap (InvalidOptions), or
    /// <see cref="BlasChoice.OpenBlas"/> when OpenBLAS cannot be loaded (BackendUnavailable).</exception>
    public static BlasResolution Resolve(BlasChoice choice, int? threadCount = null)
    {
        if (threadCount < 1)
            throw MemLabException.InvalidOptions($"The BLAS thread count must be at least 1; got {threadCount}. Pass a positive thread count.");
        int managedThreads = threadCount ?? Environment.ProcessorCount;
        return choice switch
        {
            BlasChoice.Managed => new BlasResolution(new ManagedBlas(managedThreads), null),
            BlasChoice.OpenBlas => new BlasResolution(OpenBlas.Load(threadCount), null),
            BlasChoice.Auto => OpenBlas.TryLoad(threadCount, out var openBlas, out string? reason)
                ? new BlasResolution(openBlas, null)
                : new BlasResolution(new ManagedBlas(managedThreads), reason),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown BlasChoice."),
        };
    }
}
