namespace MemLab.Data.Loaders;

/// <summary>How <see cref="CsvLoader"/> reads a delimited text file: which column is the label, header, and target kind. <see cref="Problems"/> states its constraints; <see cref="CheckedOptions.Validate"/> throws them all at once.</summary>
public sealed record CsvOptions : ICheckedOptions
{
    /// <summary>Name of the label column, looked up in the header. Default <c>null</c>. Set at most one of this and
    /// <see cref="LabelColumnIndex"/>; with neither, the last column is the label.</summary>
    public string? LabelColumnName { get; init; }

    /// <summary>0-based index of the label column. Default <c>null</c> (the last column, unless <see cref="LabelColumnName"/> is set). Must be >= 0.</summary>
    public int? LabelColumnIndex { get; init; }

    /// <summary>Whether the first row holds column names. Default <see cref="CsvHeader.Auto"/>.</summary>
    public CsvHeader Header { get; init; } = CsvHeader.Auto;

    /// <summary>
    /// <see cref="TargetKind.Classes"/> (the default): labels are integers or strings; integers whose distinct
    /// values are exactly 0 .. K-1 are kept, any other integers are numbered 0 .. K-1 in increasing order with
    /// their values as class names, strings are numbered in ordinal sorted order and become the class names.
    /// <see cref="TargetKind.Real"/>: labels are real regression targets.
    /// </summary>
    public TargetKind Target { get; init; } = TargetKind.Classes;

    /// <summary>The field separator. Default ','. Must not be a double quote, a line break, or a character that occurs in numbers.</summary>
    public char Delimiter { get; init; } = ',';

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (LabelColumnName is not null && LabelColumnIndex is not null)
            yield return $"Set either LabelColumnName or LabelColumnIndex, not both; got name '{LabelColumnName}' and index {LabelColumnIndex}.";
        if (LabelColumnIndex < 0)
            yield return $"LabelColumnIndex must be >= 0 (0-based); got {LabelColumnIndex}.";
        if (LabelColumnName is not null && Header == CsvHeader.Absent)
            yield return $"LabelColumnName '{LabelColumnName}' needs a header row, but Header is Absent; give LabelColumnIndex instead or set Header to Present.";
        if (Delimiter is '"' or '\r' or '\n' or '.' or '+' or '-' or 'e' or 'E' or (>= '0' and <= '9'))
            yield return $"Delimiter must not be a quote, a line break, or a character used in numbers; got '{Delimiter}'.";
        if (!Enum.IsDefined(Header))
            yield return $"Header must be Auto, Present or Absent; got {(int)Header}.";
        if (!Enum.IsDefined(Target))
            yield return $"Target must be Classes or Real; got {(int)Target}.";
    }
}
