using System.CommandLine;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab build &lt;construction&gt; --data SPEC ...</c>: build a memorizing network, verify it, report and save it. One subcommand per construction, each in its own file.</summary>
internal static class BuildCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("build", "Build a network that memorizes a dataset with a published construction, verify it in float64, and save it.");
        command.Subcommands.Add(BuildFinkeCommand.Create(environment));
        command.Subcommands.Add(BuildZhangCommand.Create(environment));
        command.Subcommands.Add(BuildYunCommand.Create(environment));
        command.Subcommands.Add(BuildNearestCentreCommand.Create(environment));
        command.Subcommands.Add(BuildBaumCommand.Create(environment));
        command.Subcommands.Add(BuildBubeckCommand.Create(environment));
        command.Subcommands.Add(BuildVershyninCommand.Create(environment));
        return command;
    }
}
