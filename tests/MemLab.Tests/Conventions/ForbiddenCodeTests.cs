using System.Text.RegularExpressions;

namespace MemLab.Tests.Conventions;

/// <summary>Calls the library must never make (STYLE.md): shared randomness, console output, environment reads, swallowed exceptions.</summary>
public class ForbiddenCodeTests
{
    public static TheoryData<string, string> Rules => new()
    {
        { @"Random\.Shared", "use a Seed and Rng: randomness must replay" },
        { @"new\s+Random\s*\(", "use a Seed and Rng: System.Random may change between .NET versions" },
        { @"\bConsole\.", "the library never prints; return results and let the CLI render them" },
        { @"catch\s*\{", "never swallow every exception" },
        { @"catch\s*\(\s*Exception\s*\)\s*\{\s*(return|\})", "never swallow every exception" },
        { @"string\.GetHashCode|HashCode\.Combine", "per-process randomized hashes must not reach seeds or results" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Library_DoesNotContain(string pattern, string reason)
    {
        var offenders = SourceTree.CSharpFiles("src/MemLab")
            .Where(f => Regex.IsMatch(f.Text, pattern))
            .Select(f => f.RelativePath)
            .ToList();
        Assert.True(offenders.Count == 0, $"{reason}: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void Library_ReadsEnvironmentOnlyInTheNativeOpenBlasLoader()
    {
        // The OpenBLAS CPU-detection fix must look at OPENBLAS_CORETYPE before the native library loads;
        // everything else receives its settings from the caller.
        string native = Path.Combine("src", "MemLab", "LinearAlgebra", "Native") + Path.DirectorySeparatorChar;
        var offenders = SourceTree.CSharpFiles("src/MemLab")
            .Where(f => Regex.IsMatch(f.Text, @"GetEnvironmentVariable|\bgetenv\b|\bsetenv\b") && !f.RelativePath.StartsWith(native, StringComparison.Ordinal))
            .Select(f => f.RelativePath)
            .ToList();
        Assert.True(offenders.Count == 0, "library code must not read environment variables: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Sources_WriteFilesOnlyThroughAtomicFile()
    {
        // A file written in place is lost, or left half-written, when the process is killed or the disk fills.
        string helper = Path.Combine("src", "MemLab", "AtomicFile.cs");
        var offenders = SourceTree.CSharpFiles("src")
            .Where(f => f.RelativePath != helper
                && Regex.IsMatch(f.Text, @"File\.(WriteAll|Create\(|AppendAll|OpenWrite)|FileMode\.(Create|CreateNew|Truncate|Append|OpenOrCreate)|\.Save(Png|Svg|Jpeg|Webp|Bmp)\(|new\s+StreamWriter\s*\(\s*[A-Za-z_.]+\s*\)"))
            .Select(f => f.RelativePath)
            .ToList();
        Assert.True(offenders.Count == 0, "write files through AtomicFile: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Sources_NoGrabBagTypeNames()
    {
        var offenders = SourceTree.CSharpFiles("src")
            .Where(f => Regex.IsMatch(Path.GetFileNameWithoutExtension(f.RelativePath), "(Utils|Helpers|Manager|Common)$"))
            .Select(f => f.RelativePath)
            .ToList();
        Assert.True(offenders.Count == 0, "name the concept instead: " + string.Join(", ", offenders));
    }
}
