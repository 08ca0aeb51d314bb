using System.Diagnostics.CodeAnalysis;
using MemLab.LinearAlgebra.Native;

namespace MemLab.LinearAlgebra;

/// <summary>
/// OpenBLAS (cblas_sgemm / cblas_dgemm) through function pointers into the shared library, found at run time
/// (Debian's libopenblas0-pthread on Linux). Obtain one with <see cref="TryLoad"/>, <see cref="Load"/> or
/// <see cref="BlasBackend.Resolve"/>.
/// </summary>
/// <remarks>
/// OpenBLAS keeps one thread count for the whole process (openblas_set_num_threads), which each
/// <see cref="Load"/> sets: the composition root creates one <see cref="OpenBlas"/> per process, and parallel sweeps
/// use 1 thread here rather than OpenBLAS threads inside parallel runs. On AVX-512 CPUs the binding sets
/// OPENBLAS_CORETYPE=SkylakeX before loading, unless the user set it, because OpenBLAS 0.3.21 misdetects them;
/// <see cref="Describe"/> says whether it did.
/// </remarks>
public sealed class OpenBlas : IBlas
{
    // CBLAS enum values (cblas.h).
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private readonly OpenBlasLibrary library;

    private OpenBlas(OpenBlasLibrary library) => this.library = library;

    /// <inheritdoc/>
    public string Name => "openblas";

    /// <summary>OpenBLAS's current process-wide thread count.</summary>
    public int ThreadCount => library.ThreadCount;

    /// <summary>
    /// Loads OpenBLAS (once per process) and sets its process-wide thread count, or says why it cannot be loaded.
    /// </summary>
    /// <param name="threadCount">Threads OpenBLAS uses per call, >= 1; null for every core, up to the library's own maximum.</param>
    /// <param name="blas">The backend, when this returns true.</param>
    /// <param name="failureReason">Why OpenBLAS is unavailable and how to install it, when this returns false.</param>
    /// <exception cref="MemLabException">The library loaded but caps threads below an explicit <paramref name="threadCount"/>.</exception>
    public static bool TryLoad(int? threadCount, [NotNullWhen(true)] out OpenBlas? blas, [NotNullWhen(false)] out string? failureReason)
    {
        if (threadCount is { } explicitCount) ArgumentOutOfRangeException.ThrowIfNegativeOrZero(explicitCount);
        blas = null;
        if (!OpenBlasLibrary.TryGetForProcess(out var library, out failureReason)) return false;
        if (threadCount is { } requested) SetThreadCount(library, requested);
        else library.SetThreadCount(Environment.ProcessorCount);
        blas = new OpenBlas(library);
        return true;
    }

    /// <summary>Loads OpenBLAS (once per process) and sets its process-wide thread count.</summary>
    /// <param name="threadCount">Threads OpenBLAS uses per call, >= 1; null for every core, up to the library's own maximum.</param>
    /// <exception cref="MemLabException">OpenBLAS cannot be loaded (BackendUnavailable, with the reason and the fix), or
    /// it caps threads below an explicit <paramref name="threadCount"/> (InvalidOptions).</exception>
    public static OpenBlas Load(int? threadCount) =>
        TryLoad(threadCount, out var blas, out string? reason) ? blas : throw Unavailable(reason);

    /// <summary>E.g. "OpenBLAS 0.3.21 (core Zen, 2 threads, /usr/lib/x86_64-linux-gnu/libopenblas.so.0; no CPU-detection fix needed)".</summary>
    public string Describe()
    {
        string[] config = library.Config.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string version = config is ["OpenBLAS", var number, ..] ? $"OpenBLAS {number}" : $"OpenBLAS ({library.Config})";
        int threads = library.ThreadCount;
        return $"{version} (core {library.CoreName}, {threads} thread{(threads == 1 ? "" : "s")}, {library.Path}; {library.CpuDetectionNote})";
    }

    /// <inheritdoc/>
    public unsafe void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        GemmShape.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (alpha == 0)
        {
            // BLAS does not read A or B when alpha = 0; OpenBLAS's SkylakeX kernel does (0 x NaN reached C).
            GemmBeta.Scale(c, m, n, ldc, beta);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
            library.Sgemm(RowMajor, Code(transA), Code(transB), m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <inheritdoc/>
    public unsafe void Dgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        GemmShape.Check(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        if (alpha == 0)
        {
            // BLAS does not read A or B when alpha = 0; OpenBLAS's SkylakeX kernel does (0 x NaN reached C).
            GemmBeta.Scale(c, m, n, ldc, beta);
            return;
        }
        fixed (double* pa = a, pb = b, pc = c)
            library.Dgemm(RowMajor, Code(transA), Code(transB), m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>
    /// The eigenvalues, ascending, of the symmetric n x n matrix <paramref name="matrix"/> (row- or column-major alike;
    /// destroyed) through the LAPACK bundled with OpenBLAS (dsyevd, eigenvalues only), or false when this build of
    /// OpenBLAS has no LAPACK.
    /// </summary>
    /// <exception cref="MemLabException">LAPACK reports that the iteration did not converge.</exception>
    public unsafe bool TrySymmetricEigenvalues(Span<double> matrix, int n, Span<double> eigenvalues)
    {
        if (!library.HasDsyevd) return false;
        if (matrix.Length < (long)n * n || eigenvalues.Length < n)
            throw new ArgumentException($"An {n} x {n} eigenproblem needs {(long)n * n} matrix entries and {n} eigenvalue slots.");
        int info;
        fixed (double* a = matrix, w = eigenvalues) info = library.Dsyevd(n, a, w);
        if (info != 0) throw MemLabException.InvalidOptions($"LAPACK dsyevd failed on a {n} x {n} matrix (info = {info}).");
        return true;
    }

    /// <summary>The error for an explicit request of OpenBLAS that cannot be met: the reason, the install fix, the alternative.</summary>
    internal static MemLabException Unavailable(string reason) =>
        MemLabException.BackendUnavailable($"OpenBLAS was requested but cannot be used: {reason}; or pass --blas managed for the slower managed backend.");

    private static int Code(Transpose transpose) => transpose == Transpose.No ? NoTrans : Trans;

    /// <summary>Sets the thread count and fails loudly when OpenBLAS silently caps it at its MAX_THREADS.</summary>
    private static void SetThreadCount(OpenBlasLibrary library, int threadCount)
    {
        int previous = library.ThreadCount;
        library.SetThreadCount(threadCount);
        int actual = library.ThreadCount;
        if (actual == threadCount) return;
        library.SetThreadCount(previous);
        throw MemLabException.InvalidOptions(
            $"OpenBLAS at {library.Path} runs at most {actual} threads, but {threadCount} were requested; pass a thread count of {actual} or fewer.");
    }
}
