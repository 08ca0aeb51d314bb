namespace MemLab.Data.Loaders;

/// <summary>Whether the first row of a CSV file holds column names.</summary>
public enum CsvHeader
{
    /// <summary>
    /// Decide from the data: the first row is a header when one of its feature cells is not a number, or
    /// when its label cell is not a number although the label column holds numbers (regression, or a
    /// numeric label in the second row). The default.
    /// </summary>
    Auto,
    /// <summary>The first row holds column names.</summary>
    Present,
    /// <summary>Every row is data.</summary>
    Absent,
}
