using System.Text.RegularExpressions;

namespace MemLab.Tests.Conventions;

/// <summary>
/// Dependencies in the library flow one way: Data -> Networks -> Constructions and Training -> Experiments -> Reporting.
/// A folder's code (comments aside) names no namespace of a later layer, and Constructions and Training, the two ways
/// of making a network, do not reach into each other.
/// </summary>
public class DependencyDirectionTests
{
    private static readonly string[][] Layers = [["Data"], ["Networks"], ["Constructions", "Training"], ["Experiments"], ["Reporting"]];

    public static TheoryData<string> Folders => new(Layers.SelectMany(layer => layer));

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_NamesNoLaterLayerNorItsSibling(string folder)
    {
        Regex forbidden = Forbidden(folder);
        var offenders = SourceTree.CSharpFiles(Path.Combine("src", "MemLab", folder))
            .SelectMany(f => Offending(f.Text, forbidden).Select(line => $"{f.RelativePath}: {line.Trim()}"))
            .ToList();
        Assert.True(offenders.Count == 0, $"{folder} must not depend on {forbidden}:\n{string.Join("\n", offenders)}");
    }

    [Fact]
    public void Training_ReachingIntoConstructions_IsCaught()
    {
        Regex forbidden = Forbidden("Training");
        string code = "using MemLab.Data;\nusing MemLab.Constructions;\n/// <see cref=\"Constructions.BaumOptions\"/>\nvar options = new Constructions.BaumOptions();\nvar spec = Data.DataSpec.Parse(s);";
        Assert.Equal(["using MemLab.Constructions;", "var options = new Constructions.BaumOptions();"], Offending(code, forbidden));
        Assert.Empty(Offending(code, Forbidden("Experiments")));
    }

    /// <summary>What code in <paramref name="folder"/> may not name: the later layers' namespaces and its sibling's.</summary>
    private static Regex Forbidden(string folder)
    {
        int layer = Array.FindIndex(Layers, l => l.Contains(folder));
        string names = string.Join("|", Layers.Skip(layer + 1).SelectMany(l => l).Concat(Layers[layer].Where(f => f != folder)));
        return names.Length == 0 ? new Regex("(?!)") : new Regex($@"\bMemLab\.({names})\b|(?<![\w.])({names})\.[A-Z]");
    }

    /// <summary>The code lines of <paramref name="text"/> (not comments) that <paramref name="forbidden"/> matches.</summary>
    private static List<string> Offending(string text, Regex forbidden) =>
        text.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && forbidden.IsMatch(line)).ToList();
}
