using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace MemLab.LinearAlgebra.Native;

/// <summary>
/// The OpenBLAS shared library, loaded with <see cref="NativeLibrary"/> and called through function pointers, so that
/// a missing or foreign library is a reason to report instead of a DllNotFoundException at the first call.
/// </summary>
internal sealed unsafe class OpenBlasLibrary
{
    /// <summary>The entry points memlab calls, in the order the constructor reads them.</summary>
    private static readonly string[] ExportNames =
        ["cblas_sgemm", "cblas_dgemm", "openblas_set_num_threads", "openblas_get_num_threads", "openblas_get_config", "openblas_get_corename"];

    // OpenBLAS is process-global in its own right: one thread pool, one thread count, one CPU kernel chosen when it
    // loads. So it is loaded at most once per process and the attempt, success or failure, is kept here. This lazily
    // computed handle is the one piece of static state in the library and holds nothing a caller can configure.
    private static readonly Lazy<LoadAttempt> ProcessAttempt = new(() => TryLoad(DefaultCandidates()));

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;
    private readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> dgemm;
    private readonly delegate* unmanaged<int, void> setNumThreads;
    private readonly delegate* unmanaged<int> getNumThreads;
    private readonly delegate* unmanaged<byte*> getConfig;
    private readonly delegate* unmanaged<byte*> getCorename;
    private readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> dsyevd;

    private OpenBlasLibrary(string path, string cpuDetectionNote, nint[] exports, nint dsyevdExport)
    {
        dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)dsyevdExport;
        Path = path;
        CpuDetectionNote = cpuDetectionNote;
        sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)exports[0];
        dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)exports[1];
        setNumThreads = (delegate* unmanaged<int, void>)exports[2];
        getNumThreads = (delegate* unmanaged<int>)exports[3];
        getConfig = (delegate* unmanaged<byte*>)exports[4];
        getCorename = (delegate* unmanaged<byte*>)exports[5];
    }

    /// <summary>The outcome of one load attempt: the library, or why there is none.</summary>
    internal readonly record struct LoadAttempt(OpenBlasLibrary? Library, string? FailureReason);

    /// <summary>The file the library was loaded from (as the dynamic loader reports it), or the name it was found by.</summary>
    public string Path { get; }

    /// <summary>What <see cref="CpuDetectionFix"/> did before the load.</summary>
    public string CpuDetectionNote { get; }

    /// <summary>openblas_get_config: version and build options, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".</summary>
    public string Config => Marshal.PtrToStringUTF8((nint)getConfig()) ?? "";

    /// <summary>openblas_get_corename: the CPU kernel OpenBLAS chose, e.g. "Zen", "SkylakeX", "Prescott".</summary>
    public string CoreName => Marshal.PtrToStringUTF8((nint)getCorename()) ?? "";

    /// <summary>openblas_get_num_threads: the process-wide thread count.</summary>
    public int ThreadCount => getNumThreads();

    /// <summary>openblas_set_num_threads: sets the process-wide thread count (OpenBLAS caps it at its MAX_THREADS).</summary>
    public void SetThreadCount(int threadCount) => setNumThreads(threadCount);

    /// <summary>The library for this process, loading it on first use.</summary>
    public static bool TryGetForProcess([NotNullWhen(true)] out OpenBlasLibrary? library, [NotNullWhen(false)] out string? failureReason)
    {
        (library, failureReason) = ProcessAttempt.Value;
        return library is not null;
    }

    /// <summary>Applies the CPU-detection fix, then loads the first candidate that opens and exports every entry point.</summary>
    internal static LoadAttempt TryLoad(IReadOnlyList<string> candidates)
    {
        string note = CpuDetectionFix.Apply();
        foreach (string candidate in candidates)
        {
            if (!NativeLibrary.TryLoad(candidate, out nint handle)) continue;
            var exports = new nint[ExportNames.Length];
            for (int i = 0; i < ExportNames.Length; i++)
            {
                if (NativeLibrary.TryGetExport(handle, ExportNames[i], out exports[i])) continue;
                NativeLibrary.Free(handle);
                return new(null, $"{candidate} loaded but does not export {ExportNames[i]}, so it is not OpenBLAS or is too old; {InstallHint()}");
            }
            string path = (LibC.IsAvailable ? LibC.LibraryPathOf((void*)exports[0]) : null) ?? candidate;
            // LAPACK's dsyevd is optional: OpenBLAS builds without LAPACK still serve the BLAS calls.
            NativeLibrary.TryGetExport(handle, "dsyevd_", out nint dsyevdExport);
            return new(new OpenBlasLibrary(path, note, exports, dsyevdExport), null);
        }
        return new(null, $"OpenBLAS not found (tried {string.Join(", ", candidates)}); {InstallHint()}");
    }

    /// <summary>cblas_sgemm.</summary>
    public void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc) =>
        sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>cblas_dgemm.</summary>
    public void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        double* a, int lda, double* b, int ldb, double beta, double* c, int ldc) =>
        dgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Whether the library exports LAPACK's dsyevd (OpenBLAS bundles LAPACK unless built without it).</summary>
    public bool HasDsyevd => dsyevd != null;

    /// <summary>
    /// LAPACK dsyevd with jobz = 'N', uplo = 'L': the eigenvalues of the symmetric n x n matrix <paramref name="a"/>
    /// (column-major, leading dimension n, destroyed) into <paramref name="w"/> in ascending order. Returns LAPACK's info
    /// (0 on success). Call only when <see cref="HasDsyevd"/>.
    /// </summary>
    public int Dsyevd(int n, double* a, double* w)
    {
        byte jobz = (byte)'N', uplo = (byte)'L';
        int lda = Math.Max(1, n), lwork = 2 * n + 1, liwork = 1, iwork = 0, info = 0;
        var work = new double[Math.Max(1, lwork)];
        fixed (double* pwork = work)
        {
            dsyevd(&jobz, &uplo, &n, a, &lda, w, pwork, &lwork, &iwork, &liwork, &info, 1, 1);
        }
        return info;
    }

    /// <summary>Names and paths where OpenBLAS is usually installed on this OS, most specific last.</summary>
    private static string[] DefaultCandidates() =>
        OperatingSystem.IsWindows() ? ["libopenblas.dll", "openblas.dll"]
        : OperatingSystem.IsMacOS() ? ["libopenblas.dylib", "libopenblas.0.dylib",
            "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib"]
        : ["libopenblas.so.0", "libopenblas.so",
            "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0"];

    private static string InstallHint() =>
        OperatingSystem.IsWindows() ? "put libopenblas.dll from an OpenBLAS release on PATH"
        : OperatingSystem.IsMacOS() ? "install it with 'brew install openblas'"
        : "install libopenblas0-pthread (apt-get install libopenblas0-pthread) or your distribution's OpenBLAS";
}
