using MemLab.Constructions;

namespace MemLab.Cli.Commands;

/// <summary>
/// The JSON body of every <c>memlab build X</c>: the data, the options and seed used, where the model went, the time
/// and the report. <see cref="Options"/> is typed <see cref="object"/> so that JSON writes the construction's own record.
/// </summary>
internal sealed record BuildOutput(DataSummary Data, object Options, ulong Seed, string? Model, double BuildSeconds, ConstructionReport Report);
