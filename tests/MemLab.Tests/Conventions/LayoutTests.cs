using System.Text.RegularExpressions;

namespace MemLab.Tests.Conventions;

/// <summary>One public type per file, named after it; namespaces follow folders (STYLE.md, "Naming").</summary>
public class LayoutTests
{
    private static readonly Regex PublicType = new(
        @"^\s*public\s+(?:(?:sealed|static|abstract|readonly|partial)\s+)*(?:class|record(?:\s+struct)?|struct|enum|interface)\s+(\w+)",
        RegexOptions.Multiline);

    private static readonly Regex Namespace = new(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline);

    [Fact]
    public void EachPublicTypeLivesInAFileOfItsName()
    {
        var problems = new List<string>();
        foreach (var (path, text) in SourceTree.CSharpFiles("src/MemLab"))
        {
            // A generic type and its non-generic form (IConstruction<TOptions> and IConstruction) are one name, in one file.
            var names = PublicType.Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
            if (names.Count > 1) problems.Add($"{path} declares {names.Count} public types ({string.Join(", ", names)})");
            if (names.Count == 1 && names[0] != Path.GetFileNameWithoutExtension(path)) problems.Add($"{path} declares {names[0]}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void NamespaceMatchesFolder()
    {
        var problems = new List<string>();
        foreach (var (path, text) in SourceTree.CSharpFiles("src/MemLab"))
        {
            string folder = Path.GetDirectoryName(Path.GetRelativePath("src/MemLab", path))!;
            string expected = folder.Length == 0 ? "MemLab" : "MemLab." + folder.Replace(Path.DirectorySeparatorChar, '.');
            string? actual = Namespace.Match(text) is { Success: true } m ? m.Groups[1].Value : null;
            if (actual != expected) problems.Add($"{path}: namespace {actual ?? "(none)"}, expected {expected}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
