using MemLab.Constructions;

namespace MemLab.Cli.Commands;

/// <summary>The JSON body of every <c>memlab build X</c>: the data, the options and seed used, where the model went, the time and the report.</summary>
internal sealed record BuildOutput<TOptions>(DataSummary Data, TOptions Options, ulong Seed, string? Model, double BuildSeconds,
    ConstructionReport Report) where TOptions : ConstructionOptions;
