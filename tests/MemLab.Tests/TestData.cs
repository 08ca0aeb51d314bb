namespace MemLab.Tests;

/// <summary>Finds the data folder for tests that use real MNIST: MEMLAB_DATA, else shared/data beside the checkout, else data/ in it (where setup.sh puts MNIST).</summary>
internal static class TestData
{
    /// <summary>The folder holding <c>mnist/</c>; tests that need it fail with a clear message when it is missing.</summary>
    public static string Directory { get; } = Locate();

    public static string MnistDirectory => Path.Combine(Directory, "mnist");

    private static string Locate()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("MEMLAB_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "mnist"))) return candidate;
        }
        // A clone on its own: setup.sh puts MNIST in data/mnist at the repository root.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "data");
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "MemLab.sln")) && System.IO.Directory.Exists(Path.Combine(candidate, "mnist")))
                return candidate;
        }
        throw new InvalidOperationException(
            "MNIST was not found (shared/data/mnist beside the checkout, or data/mnist in it); run ./setup.sh, or set MEMLAB_DATA to the folder that holds mnist/.");
    }
}
