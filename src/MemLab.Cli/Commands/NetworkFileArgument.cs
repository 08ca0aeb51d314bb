using System.CommandLine;

namespace MemLab.Cli.Commands;

/// <summary>The <c>model</c> argument of every command that reads a saved network (<c>eval</c>, <c>verify</c>, <c>export</c>, <c>model show</c>), declared once.</summary>
internal static class NetworkFileArgument
{
    /// <summary>A new <c>model</c> argument for one command.</summary>
    public static Argument<string> Create() => new("model") { Description = "A network file (.safetensors) written by memlab." };
}
