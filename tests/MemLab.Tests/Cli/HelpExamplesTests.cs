using System.CommandLine;
using MemLab.Cli;

namespace MemLab.Tests.Cli;

/// <summary>
/// Every command a user can run (every leaf of the command tree, present and future) shows an example in its --help,
/// and that example is a command line memlab accepts.
/// </summary>
public class HelpExamplesTests
{
    private const string Marker = "Example: ";

    public static TheoryData<string> LeafCommands()
    {
        var root = CliApp.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, true, true));
        var paths = new TheoryData<string>();
        foreach (var (path, _) in Leaves(root, "memlab")) paths.Add(path);
        return paths;
    }

    [Theory]
    [MemberData(nameof(LeafCommands))]
    public void Help_EveryLeafCommand_ShowsAnExampleThatParses(string path)
    {
        string[] words = path.Split(' ')[1..];
        var help = CliRunner.Run([.. words, "--help"]);
        Assert.Equal(0, help.ExitCode);
        string? example = help.Out.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(Marker, StringComparison.Ordinal));
        Assert.True(example is not null, $"'{path} --help' shows no line starting with '{Marker}'; add one to the command's description.");

        string[] exampleWords = example![Marker.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("memlab", exampleWords[0]);
        var root = CliApp.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, true, true));
        var parse = root.Parse(exampleWords[1..]);
        Assert.True(parse.Errors.Count == 0, $"'{example}' does not parse: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        Assert.Equal(words[^1], parse.CommandResult.Command.Name);
    }

    [Fact]
    public void Version_PrintsTheVersionSetInDirectoryBuildProps()
    {
        string props = File.ReadAllText(Path.Combine(Conventions.SourceTree.Root, "Directory.Build.props"));
        string version = System.Text.RegularExpressions.Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
        Assert.NotEmpty(version);
        var outcome = CliRunner.Run("--version");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(version, outcome.Out.Trim());
    }

    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return (path, command);
            yield break;
        }
        foreach (var sub in command.Subcommands)
            foreach (var leaf in Leaves(sub, $"{path} {sub.Name}"))
                yield return leaf;
    }
}
