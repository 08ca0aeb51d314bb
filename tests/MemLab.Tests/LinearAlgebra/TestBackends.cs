using MemLab.LinearAlgebra;
using MemLab.LinearAlgebra.Native;

namespace MemLab.Tests.LinearAlgebra;

/// <summary>The BLAS backends the tests run against, by name, and the rules for when OpenBLAS is absent.</summary>
internal static class TestBackends
{
    /// <summary>
    /// xunit collection for every test class that calls OpenBLAS: its thread count is process-wide, so those classes
    /// must not run in parallel with each other.
    /// </summary>
    public const string OpenBlasCollection = "OpenBLAS process-wide state";

    /// <summary>Threads per call for every backend under test (the cores of the development machines).</summary>
    public const int Threads = 2;

    /// <summary>"managed", plus "openblas" when it loads here. When it does not, <see cref="OpenBlasFactAttribute"/> tests report the skip.</summary>
    public static IEnumerable<string> Names()
    {
        yield return "managed";
        if (OpenBlasLibrary.TryGetForProcess(out _, out _)) yield return "openblas";
    }

    public static IBlas Create(string name) => name switch
    {
        "managed" => new ManagedBlas(Threads),
        "openblas" => OpenBlas.Load(Threads),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown backend."),
    };
}
