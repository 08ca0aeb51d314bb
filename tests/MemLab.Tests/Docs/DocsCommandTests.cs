using System.CommandLine;
using System.Text.RegularExpressions;
using MemLab.Cli;
using MemLab.Tests.Cli;
using MemLab.Tests.Conventions;

namespace MemLab.Tests.Docs;

/// <summary>
/// Every memlab command shown in a code block of README.md or docs/**/*.md is one the real command line accepts
/// (parsed by the CLI's own System.CommandLine tree, without running), and the blocks marked
/// <c>&lt;!-- docs-test: run --&gt;</c> run on their small data and succeed; those marked <c>&lt;!-- docs-test: refused --&gt;</c>
/// show a usage error and must not parse. A failure names the file and line.
/// </summary>
public class DocsCommandTests
{
    private static readonly Regex FileArgument = new(@"^[\w.\-/]+\.(safetensors|onnx|db|json|csv|png|svg|npy)$");

    public static TheoryData<string> DocumentedCommands()
    {
        var locations = new TheoryData<string>();
        foreach (var command in AllCommands()) locations.Add(command.Location);
        return locations;
    }

    public static TheoryData<string> RunnableBlocks()
    {
        var blocks = new TheoryData<string>();
        foreach (var block in AllCommands().Where(c => c.Runnable).Select(c => $"{c.File}#{c.Block}").Distinct()) blocks.Add(block);
        return blocks;
    }

    [Theory]
    [MemberData(nameof(DocumentedCommands))]
    public void DocumentedCommand_Parses(string location)
    {
        var command = AllCommands().Single(c => c.Location == location);
        string? problem = ParseProblem(command);
        if (command.Refused)
            Assert.True(problem is not null, $"{command.Location}: '{command.Text}' is shown as refused but parses");
        else
            Assert.True(problem is null, $"{command.Location}: '{command.Text}' does not parse: {problem}");
    }

    [Theory]
    [MemberData(nameof(RunnableBlocks))]
    public void RunnableBlock_RunsAndSucceeds(string block)
    {
        string folder = Path.Combine(Path.GetTempPath(), "memlab-docs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var command in AllCommands().Where(c => $"{c.File}#{c.Block}" == block))
            {
                string[] args = [.. command.Arguments.Select(a => FileArgument.IsMatch(a) && !Path.IsPathRooted(a) ? Path.Combine(folder, a) : a)];
                var outcome = CliRunner.Run(args);
                Assert.True(outcome.ExitCode == 0,
                    $"{command.Location}: '{command.Text}' exited with {outcome.ExitCode}: {outcome.Error.Trim()}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheReadme_ShowsTheMainJobAndItRuns()
    {
        var readme = AllCommands().Where(c => c.File == "README.md").ToList();
        Assert.Contains(readme, c => c.Text == "./memlab build finke --data moons:n=1000,noise=0.05,seed=0 --width 200 --lambda 0.5 -o moons.safetensors" && c.Runnable);
        Assert.True(AllCommands().Count(c => c.File.StartsWith("docs/", StringComparison.Ordinal)) >= 30,
            "the docs pages show far fewer memlab commands than they did; has the extraction broken?");
    }

    [Fact]
    public void ABrokenExample_FailsWithItsFileAndLine()
    {
        const string page = "# A page\n\nSome text.\n\n```bash\n./memlab build finke --data moons:n=100 \\\n  --widht 200 -o m.safetensors  # typo\n./memlab data sources\n```\n";
        var commands = DocCommand.Find("docs/broken.md", page);

        Assert.Equal(2, commands.Count);
        Assert.Equal("docs/broken.md:6", commands[0].Location);
        Assert.Equal(["build", "finke", "--data", "moons:n=100", "--widht", "200", "-o", "m.safetensors"], commands[0].Arguments);
        Assert.Contains("--widht", ParseProblem(commands[0]) ?? "");
        Assert.Null(ParseProblem(commands[1]));
    }

    [Fact]
    public void AnExampleThatFailsWhenRun_IsCaughtInARunnableBlock()
    {
        const string page = "<!-- docs-test: run -->\n```bash\n./memlab data describe moons:n=10,nosie=0.1\n```\n";
        var command = Assert.Single(DocCommand.Find("docs/broken.md", page));
        Assert.True(command.Runnable);
        Assert.Null(ParseProblem(command));
        Assert.NotEqual(0, CliRunner.Run([.. command.Arguments]).ExitCode);
    }

    [Fact]
    public void ShellWords_SplitsAsTheShellDoes()
    {
        Assert.Equal(["a", "b c", "d e", "f\"g", "h"], DocCommand.ShellWords("a 'b c' \"d e\" \"f\\\"g\" h # comment"));
        Assert.Equal(["memlab", "info"], DocCommand.ShellWords("memlab info | head -1"));
        Assert.Equal(["x"], DocCommand.ShellWords("x && y"));
    }

    [Fact]
    public void ReadmeAndDocs_ReferToNoFileOutsideTheRepository()
    {
        var offenders = MarkdownFiles()
            .SelectMany(f => f.Text.Split('\n').Select((line, i) => (f.RelativePath, Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("ALGORITHMS.md", StringComparison.Ordinal) || l.Text.Contains("../shared", StringComparison.Ordinal))
            .Select(l => $"{l.RelativePath}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "cite docs/algorithms.md and describe the data folder generically:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void SourceCitations_NameSectionsThatDocsAlgorithmsHas()
    {
        string specification = File.ReadAllText(Path.Combine(SourceTree.Root, "docs", "algorithms.md"));
        var sections = Regex.Matches(specification, @"^## (\d+)\.", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var citation = new Regex(@"docs/algorithms\.md sections? (\d+)");
        var offenders = new List<string>();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(SourceTree.Root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            string text = File.ReadAllText(path);
            if (text.Contains("ALGORITHMS.md", StringComparison.Ordinal)) offenders.Add($"{path}: cites ALGORITHMS.md, which is not in the repository");
            offenders.AddRange(citation.Matches(text).Where(m => !sections.Contains(m.Groups[1].Value)).Select(m => $"{path}: {m.Value} does not exist"));
        }
        Assert.True(sections.Count >= 8, "docs/algorithms.md should number its sections 0 to 7");
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>The parse errors of <paramref name="command"/> against the real command tree, or null when it parses to a command.</summary>
    private static string? ParseProblem(DocCommand command)
    {
        var root = CliApp.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, true, true));
        var parse = root.Parse([.. command.Arguments]);
        if (parse.Errors.Count > 0) return string.Join("; ", parse.Errors.Select(e => e.Message));
        bool helpOrVersion = command.Arguments.Any(a => a is "--help" or "-h" or "-?" or "--version");
        if (parse.CommandResult.Command is RootCommand && !helpOrVersion) return "no command named";
        return null;
    }

    private static IReadOnlyList<DocCommand> AllCommands() =>
        [.. MarkdownFiles().SelectMany(f => DocCommand.Find(f.RelativePath, f.Text))];

    private static IEnumerable<(string RelativePath, string Text)> MarkdownFiles()
    {
        var paths = new List<string> { Path.Combine(SourceTree.Root, "README.md") };
        string docs = Path.Combine(SourceTree.Root, "docs");
        if (Directory.Exists(docs)) paths.AddRange(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        return paths.Select(p => (Path.GetRelativePath(SourceTree.Root, p).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText(p)));
    }
}
