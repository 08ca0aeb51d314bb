using MemLab.Constructions;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// What one construction's <c>memlab build</c> subcommand says beyond what its options record and the shared table give:
/// the help texts, hints for some options (<see cref="OptionHint"/>), and its rows of the table, between the options and
/// the sizes and after the sizes. A construction without a view gets <see cref="Plain"/>.
/// </summary>
internal sealed record BuildView(string Description, string DataDescription, string SeedDescription,
    IReadOnlyDictionary<string, OptionHint> Hints, Action<Table, BuildOutput>? RowsBeforeSizes, Action<Table, BuildOutput>? RowsAfterSizes)
{
    /// <summary>Rows a construction adds to its build table, from the run's output, its options and its report's details.</summary>
    public delegate void Rows<in TOptions, in TDetails>(Table table, BuildOutput result, TOptions options, TDetails details)
        where TOptions : ConstructionOptions where TDetails : ConstructionDetails;

    /// <summary>The view of the construction that takes <typeparamref name="TOptions"/> and reports <typeparamref name="TDetails"/>.</summary>
    public static BuildView Of<TOptions, TDetails>(string description, string dataDescription, string seedDescription,
        Rows<TOptions, TDetails>? rowsBeforeSizes, Rows<TOptions, TDetails>? rowsAfterSizes, IReadOnlyDictionary<string, OptionHint>? hints = null)
        where TOptions : ConstructionOptions where TDetails : ConstructionDetails =>
        new(description, dataDescription, seedDescription, hints ?? new Dictionary<string, OptionHint>(),
            rowsBeforeSizes is null ? null : Typed(rowsBeforeSizes),
            rowsAfterSizes is null ? null : Typed(rowsAfterSizes));

    /// <summary>The view of a construction that has none of its own: its source as the description, and no rows of its own.</summary>
    public static BuildView Plain(RegisteredConstruction construction) =>
        new($"{construction.Source}. Exit code 0 when memorized, 3 when not.", "Data spec, e.g. gaussian:n=2000,d=20.", "Seed of the construction's random choices.",
            new Dictionary<string, OptionHint>(), null, null);

    /// <summary>The hint for parameter <paramref name="name"/>, or an empty one.</summary>
    public OptionHint Hint(string name) => Hints.TryGetValue(name, out var hint) ? hint : new OptionHint();

    private static Action<Table, BuildOutput> Typed<TOptions, TDetails>(Rows<TOptions, TDetails> rows)
        where TOptions : ConstructionOptions where TDetails : ConstructionDetails =>
        (table, result) => rows(table, result, (TOptions)result.Options, result.Report.DetailsOf<TDetails>());
}
