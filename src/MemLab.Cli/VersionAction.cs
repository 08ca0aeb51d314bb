using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace MemLab.Cli;

/// <summary>
/// <c>memlab --version</c>: prints the memlab package version (Version in Directory.Build.props, the one place it is
/// set), read from the library assembly so it is the same wherever the command is hosted.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The version printed: the library's informational version.</summary>
    public static string Version { get; } =
        typeof(Lab).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? NetworkProvenance.CurrentVersion;

    /// <summary>Makes <paramref name="root"/>'s --version option print <see cref="Version"/>.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>()) option.Action = new VersionAction();
    }

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
