using System.Globalization;
using MemLab.Constructions;
using MemLab.Networks;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary>
/// The table rows every <c>memlab build</c> subcommand prints: the memorized headline, sizes, the float64
/// verification and the run facts. Each construction's command adds its own rows between them.
/// </summary>
internal static class BuildReportView
{
    /// <summary>How many indices the table lists before "and N more" (JSON lists them all).</summary>
    private const int Listed = 20;

    /// <summary>"memorized: all N points" or "not memorized: F of N points fail".</summary>
    public static void WriteHeadline(IAnsiConsole console, VerificationReport verification) =>
        console.MarkupLine(verification.Memorized
            ? $"[green]memorized[/]: all {Count(verification.SampleCount)} points"
            : $"[red]not memorized[/]: {Count(verification.FailureCount)} of {Count(verification.SampleCount)} points fail");

    /// <summary>A two-column table without headers, with the data spec as its first row.</summary>
    public static Table NewTable(string dataSpec)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
        table.HideHeaders();
        table.AddRow("data", Markup.Escape(dataSpec));
        return table;
    }

    /// <summary>Widths per layer and the parameter count.</summary>
    public static void AddSizeRows(Table table, ConstructionReport report)
    {
        table.AddRow("widths", string.Join(" - ", report.Widths));
        long nonzero = report.Verification.NonzeroParameterCount;
        table.AddRow("parameters", nonzero == report.ParameterCount
            ? Count(report.ParameterCount)
            : $"{Count(report.ParameterCount)} stored, {Count(nonzero)} nonzero");
    }

    /// <summary>Failing samples, argmax ties, the largest error (real targets), the smallest threshold margin and the largest |weight|.</summary>
    public static void AddVerificationRows(Table table, VerificationReport verification)
    {
        if (verification.FailureCount > 0) table.AddRow("failing samples", Indices(verification.FailureIndices));
        if (verification.TieCount > 0) table.AddRow("argmax ties", Count(verification.TieCount));
        if (verification.MaxError is { } error)
            table.AddRow("max |f(x) - y|", $"{Number(error)} (tolerance {Number(verification.Tolerance ?? 0)})");
        if (verification.MinThresholdMargin is { } margin)
            table.AddRow("smallest threshold margin", $"{Number(margin.Value)} (layer {margin.Layer}, unit {margin.Unit}, sample {margin.Sample})");
        table.AddRow("max |weight|", Number(verification.MaxAbsWeight));
    }

    /// <summary>Build time, backend and where the model was saved.</summary>
    public static void AddRunRows(Table table, double buildSeconds, string backend, string? model)
    {
        table.AddRow("build time", $"{buildSeconds.ToString("F2", CultureInfo.InvariantCulture)} s (data loading, construction and verification)");
        table.AddRow("backend", Markup.Escape(backend));
        if (model is not null) table.AddRow("saved", Markup.Escape(model));
    }

    /// <summary>The first indices, then "and N more".</summary>
    public static string Indices(IReadOnlyList<int> indices)
    {
        string listed = string.Join(", ", indices.Take(Listed));
        return indices.Count > Listed ? $"{listed} and {indices.Count - Listed} more (--json lists all)" : listed;
    }

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A real number in four significant digits.</summary>
    public static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
