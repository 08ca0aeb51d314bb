namespace MemLab.Tests.Conventions;

/// <summary>The repository's source files, found by walking up from the test binaries to MemLab.sln.</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<(string RelativePath, string Text)> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                     && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(Root, p), File.ReadAllText(p)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MemLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("MemLab.sln not found above the test binaries.");
    }
}
