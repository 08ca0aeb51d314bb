using System.Runtime.ExceptionServices;

namespace MemLab;

/// <summary>
/// A parallel loop whose failure does not depend on scheduling: every index runs, and if any threw, the exception of
/// the lowest failing index is rethrown as it was thrown (not wrapped in an AggregateException), so a user-caused
/// problem keeps its kind and message and the same inputs always report the same error.
/// </summary>
public static class ParallelLoop
{
    /// <summary>
    /// Refuses <paramref name="workers"/> &gt; 1 concurrent <paramref name="what"/> on a multi-threaded BLAS backend:
    /// each would start its own BLAS threads, oversubscribing the cores.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidOptions) several workers and a backend with more than one thread.</exception>
    public static void RequireOneThreaded(int workers, LinearAlgebra.IBlas blas, string what)
    {
        ArgumentNullException.ThrowIfNull(blas);
        if (workers > 1 && blas.ThreadCount > 1)
            throw MemLabException.InvalidOptions(
                $"Running {workers} {what} at once needs a one-threaded BLAS backend, but it uses {blas.ThreadCount} threads; " +
                "create the backend with one thread, or use one worker.");
    }

    /// <summary>Runs <paramref name="body"/> for 0 .. <paramref name="count"/> - 1 on at most <paramref name="workers"/> threads.</summary>
    public static void For(int count, int workers, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        var errors = new Exception?[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception error)
            {
                errors[i] = error;
            }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } first)
            ExceptionDispatchInfo.Capture(first).Throw();
    }
}
