using System.CommandLine;
using MemLab.Cli;

namespace MemLab.Tests.Cli;

/// <summary>
/// A command line that starts with a command's name is parsed by a tree that holds that command alone (the others are
/// never built); its help, its parse errors and the command it selects must be those of the whole tree.
/// </summary>
public class CommandTreeTests
{
    private static CliEnvironment Environment() => new(TextWriter.Null, TextWriter.Null, _ => null, true, true);

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var (name, _) in CliApp.Subcommands) names.Add(name);
        return names;
    }

    [Fact]
    public void Subcommands_AreTheWholeTreesCommands_InTheirHelpOrder()
    {
        var names = CliApp.BuildRoot(Environment()).Subcommands.Select(command => command.Name);
        Assert.Equal(CliApp.Subcommands.Select(command => command.Name), names);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void OneCommandTree_HelpAndErrorsOfEveryCommandBelow_EqualTheWholeTrees(string name)
    {
        var alone = CliApp.BuildRoot(Environment(), name);
        Assert.Equal(name, Assert.Single(alone.Subcommands).Name);
        var whole = CliApp.BuildRoot(Environment());
        foreach (string[] path in Paths(whole.Subcommands.Single(command => command.Name == name), [name]))
        {
            Assert.Equal(Outcome(whole, [.. path, "--help"]), Outcome(alone, [.. path, "--help"]));
            Assert.Equal(Outcome(whole, [.. path, "--no-such-option", "--threads", "0"]), Outcome(alone, [.. path, "--no-such-option", "--threads", "0"]));
        }
    }

    [Fact]
    public void WholeTree_IsBuilt_WhenTheLineDoesNotStartWithACommand()
    {
        var outcome = CliRunner.Run("--help");
        Assert.Equal(0, outcome.ExitCode);
        foreach (var (name, _) in CliApp.Subcommands) Assert.Contains($"  {name}", outcome.Out, StringComparison.Ordinal);
    }

    /// <summary>The command paths from <paramref name="command"/> down to every leaf, the command itself first.</summary>
    private static IEnumerable<string[]> Paths(Command command, string[] path)
    {
        yield return path;
        foreach (var child in command.Subcommands)
            foreach (var below in Paths(child, [.. path, child.Name]))
                yield return below;
    }

    /// <summary>What parsing <paramref name="args"/> gives: the errors, or the help the line prints, and the command selected.</summary>
    private static string Outcome(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0) return $"{parse.CommandResult.Command.Name}: {string.Join(" | ", parse.Errors.Select(error => error.Message))}";
        var output = new StringWriter();
        int code = parse.Invoke(new InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false });
        return $"{parse.CommandResult.Command.Name} {code}: {output}";
    }
}
