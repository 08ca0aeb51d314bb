using System.CommandLine;
using MemLab.Constructions;

namespace MemLab.Cli.Commands;

/// <summary>
/// <c>memlab build &lt;construction&gt; --data SPEC ...</c>: build a memorizing network, verify it, report and save it. One
/// subcommand per registered construction (<see cref="ConstructionRegistry.All"/>, in its order), each in its own file.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("build", "Build a network that memorizes a dataset with a published construction, verify it in float64, and save it.");
        foreach (var construction in ConstructionRegistry.All) command.Subcommands.Add(Subcommand(construction.Id, environment));
        return command;
    }

    /// <summary>The subcommand of construction <paramref name="id"/>: its options and its table rows.</summary>
    /// <exception cref="InvalidOperationException">A registered construction has no subcommand file (a programmer error every CLI test catches).</exception>
    private static Command Subcommand(string id, CliEnvironment environment) => id switch
    {
        FinkeConstruction.ConstructionId => BuildFinkeCommand.Create(environment),
        ZhangConstruction.ConstructionId => BuildZhangCommand.Create(environment),
        YunConstruction.ConstructionId => BuildYunCommand.Create(environment),
        NearestCentreConstruction.ConstructionId => BuildNearestCentreCommand.Create(environment),
        BaumConstruction.ConstructionId => BuildBaumCommand.Create(environment),
        BubeckConstruction.ConstructionId => BuildBubeckCommand.Create(environment),
        VershyninConstruction.ConstructionId => BuildVershyninCommand.Create(environment),
        _ => throw new InvalidOperationException($"Construction '{id}' is registered but has no build subcommand; add a Build...Command file and a line here."),
    };
}
