namespace MemLab.Experiments;

/// <summary>Options for <see cref="SlurmScript.Generate"/>.</summary>
/// <param name="SpecPath">The sweep spec file the array tasks run (written into the script as an absolute path).</param>
/// <param name="ArrayTasks">Array tasks, one shard each. Must be >= 1.</param>
/// <param name="Time">Time limit per array task in Slurm's format, for example <c>1:00:00</c> or <c>2-00:00:00</c>.</param>
/// <param name="Memory">Memory per array task in Slurm's format, for example <c>4G</c> or <c>500M</c>.</param>
public sealed record SlurmOptions(string SpecPath, int ArrayTasks, string Time, string Memory)
{
    /// <summary>Cores per array task; each task runs that many workers. Default 1. Must be >= 1.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>The folder (relative to where the script is submitted, or absolute) for shard databases, logs and the merged database. Default <c>memlab-shards</c>.</summary>
    public string OutputDirectory { get; init; } = "memlab-shards";

    /// <summary>The merged database the final step writes. Default <c>results.db</c>.</summary>
    public string Database { get; init; } = "results.db";

    /// <summary>The command that runs memlab on the cluster nodes. Default <c>memlab</c> (the dotnet tool on the PATH).</summary>
    public string Memlab { get; init; } = "memlab";
}
