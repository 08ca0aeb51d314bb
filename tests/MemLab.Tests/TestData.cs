namespace MemLab.Tests;

/// <summary>Finds the shared data folder (../shared/data beside the checkout, or MEMLAB_DATA) for tests that use real MNIST.</summary>
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
        throw new InvalidOperationException(
            "The shared data folder (shared/data/mnist beside the checkout) was not found; set MEMLAB_DATA to the folder that holds mnist/.");
    }
}
