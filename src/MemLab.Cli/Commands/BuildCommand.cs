using System.CommandLine;
using MemLab.Constructions;

namespace MemLab.Cli.Commands;

/// <summary>
/// <c>memlab build &lt;construction&gt; --data SPEC ...</c>: build a memorizing network, verify it, report and save it. One
/// subcommand per registered construction (<see cref="ConstructionRegistry.All"/>, in its order), each made by
/// <see cref="ConstructionCommand"/> from the construction's options record and its <see cref="BuildView"/>.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("build", "Build a network that memorizes a dataset with a published construction, verify it in float64, and save it.");
        foreach (var construction in ConstructionRegistry.All)
            command.Subcommands.Add(ConstructionCommand.Create(environment, construction, View(construction)));
        return command;
    }

    /// <summary>The help texts and table rows of <paramref name="construction"/>; a construction added without a view gets the plain one.</summary>
    public static BuildView View(RegisteredConstruction construction) => construction.Id switch
    {
        FinkeConstruction.ConstructionId => FinkeBuildView.View,
        ZhangConstruction.ConstructionId => ZhangBuildView.View,
        YunConstruction.ConstructionId => YunBuildView.View,
        NearestCentreConstruction.ConstructionId => NearestCentreBuildView.View,
        BaumConstruction.ConstructionId => BaumBuildView.View,
        BubeckConstruction.ConstructionId => BubeckBuildView.View,
        VershyninConstruction.ConstructionId => VershyninBuildView.View,
        _ => BuildView.Plain(construction),
    };
}
