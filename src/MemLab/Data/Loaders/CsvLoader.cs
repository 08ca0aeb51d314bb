using System.Globalization;
using System.Text;

namespace MemLab.Data.Loaders;

/// <summary>
/// Loads a delimited text file with one point per line: numeric feature columns and one label column
/// (see <see cref="CsvOptions"/>). Fields may be enclosed in double quotes ("" inside quotes is a quote);
/// a quoted field cannot span lines. Blank lines are skipped; numbers use '.' as the decimal separator.
/// </summary>
public static class CsvLoader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">Label column, header, target kind and delimiter.</param>
    /// <exception cref="MemLabException">Invalid options; a missing file; an empty file or one without data rows;
    /// rows of different lengths; a label column that does not exist; a feature or regression target that is not a
    /// finite number; an empty class label. Messages give the line number.</exception>
    public static Dataset Load(string path, CsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ExistingFile.Require(path, "Check the path; memlab reads delimited text with one point per line.");

        using var records = ReadRecords(path, options.Delimiter).GetEnumerator();
        if (!records.MoveNext())
            throw MemLabException.InvalidFile(path, "is empty; expected rows of numeric features with a label column.");
        Record first = records.Current;
        Record? second = records.MoveNext() ? records.Current : null;
        int columnCount = first.Fields.Length;
        if (columnCount < 2)
            throw MemLabException.InvalidFile(path,
                $"line {first.Line} has 1 field; memlab needs at least one feature column and one label column separated by '{options.Delimiter}'.{OtherSeparator(first.Fields[0], options.Delimiter)}");

        bool hasHeader = HasHeader(first, second, options);
        string[]? header = hasHeader ? first.Fields : null;
        int labelColumn = LabelColumn(path, options, header, columnCount);
        var table = new Table(path, first.Line, columnCount, labelColumn, header);
        if (!hasHeader) table.Add(first);
        if (second is not null)
        {
            table.Add(second);
            while (records.MoveNext()) table.Add(records.Current);
        }
        if (table.RowCount == 0)
            throw MemLabException.InvalidFile(path, $"has a header on line {first.Line} but no data rows; add rows, or declare that there is no header (header=absent in a data spec) if line {first.Line} is data.");

        string labelName = header?[labelColumn] ?? $"column {labelColumn}";
        var provenance = new DatasetProvenance(path,
            $"CSV {path}: {table.RowCount} rows, {columnCount - 1} features, label column {labelColumn} ('{labelName}'), {(hasHeader ? "with" : "without")} header");
        float[] features = table.Features.ToArray();
        return options.Target == TargetKind.Real
            ? Dataset.Regression(features, columnCount - 1, table.RealTargets(), provenance)
            : ClassDataset(features, columnCount - 1, table, provenance);
    }

    private sealed record Record(int Line, string[] Fields);

    /// <summary>Accumulates parsed rows, checking each against the first row's shape.</summary>
    private sealed class Table(string path, int firstLine, int columnCount, int labelColumn, string[]? header)
    {
        public List<float> Features { get; } = [];
        public List<string> Labels { get; } = [];
        public List<int> LabelLines { get; } = [];
        public int RowCount => Labels.Count;

        public void Add(Record record)
        {
            if (record.Fields.Length != columnCount)
                throw MemLabException.InvalidFile(path,
                    $"line {record.Line} has {record.Fields.Length} fields, expected {columnCount} as on line {firstLine}; every row needs the same number of columns.");
            for (int c = 0; c < columnCount; c++)
            {
                if (c == labelColumn) continue;
                string cell = record.Fields[c];
                if (!TryParseNumber(cell, out double value))
                    throw MemLabException.InvalidFile(path,
                        $"line {record.Line}, column {Column(c)}: feature value '{cell}' is not a number; features must be numbers with '.' as the decimal separator.");
                float narrow = FeatureValue.Narrow(value, out string? problem);
                if (problem is not null)
                    throw MemLabException.InvalidFile(path, $"line {record.Line}, column {Column(c)}: feature value '{cell}' {problem}.");
                Features.Add(narrow);
            }
            Labels.Add(record.Fields[labelColumn]);
            LabelLines.Add(record.Line);
        }

        public double[] RealTargets()
        {
            var targets = new double[RowCount];
            for (int i = 0; i < RowCount; i++)
                if (!TryParseNumber(Labels[i], out targets[i]) || !double.IsFinite(targets[i]))
                    throw MemLabException.InvalidFile(path,
                        $"line {LabelLines[i]}, column {Column(labelColumn)}: target '{Labels[i]}' is not a finite number; regression targets must be numbers (or load the file as classification).");
            return targets;
        }

        public void RequireNonEmptyLabels()
        {
            for (int i = 0; i < RowCount; i++)
                if (Labels[i].Length == 0)
                    throw MemLabException.InvalidFile(path,
                        $"line {LabelLines[i]}, column {Column(labelColumn)}: the label is empty; give every row a class label.");
        }

        private string Column(int c) => header is null ? $"{c}" : $"{c} ('{header[c]}')";
    }

    private static Dataset ClassDataset(float[] features, int featureCount, Table table, DatasetProvenance provenance)
    {
        table.RequireNonEmptyLabels();
        var integers = new long[table.RowCount];
        bool allIntegers = true;
        for (int i = 0; i < table.RowCount && allIntegers; i++)
            allIntegers = TryParseInteger(table.Labels[i], out integers[i]);
        if (allIntegers)
        {
            var (labels, names) = IntegerLabels.Encode(integers);
            return Dataset.Classification(features, featureCount, labels, names, provenance);
        }
        string[] classNames = table.Labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classNames.Length; k++) index[classNames[k]] = k;
        int[] encoded = table.Labels.Select(label => index[label]).ToArray();
        return Dataset.Classification(features, featureCount, encoded, classNames, provenance);
    }

    private static bool HasHeader(Record first, Record? second, CsvOptions options)
    {
        if (options.Header != CsvHeader.Auto) return options.Header == CsvHeader.Present;
        if (options.LabelColumnName is not null) return true;
        int labelColumn = options.LabelColumnIndex ?? first.Fields.Length - 1;
        for (int c = 0; c < first.Fields.Length; c++)
            if (c != labelColumn && !TryParseNumber(first.Fields[c], out _))
                return true;
        if (labelColumn >= first.Fields.Length || TryParseNumber(first.Fields[labelColumn], out _))
            return false;
        return options.Target == TargetKind.Real
            || (second is not null && labelColumn < second.Fields.Length && TryParseNumber(second.Fields[labelColumn], out _));
    }

    private static int LabelColumn(string path, CsvOptions options, string[]? header, int columnCount)
    {
        string columns = header is null
            ? $"the file has {columnCount} columns (0-{columnCount - 1}) and no header"
            : $"the file has {columnCount} columns (0-{columnCount - 1}): {string.Join(", ", header)}";
        if (options.LabelColumnName is { } name)
        {
            int found = Array.IndexOf(header!, name);
            if (found < 0)
                throw MemLabException.InvalidSpec($"{path}: there is no label column named '{name}'; {columns}. Use one of these names or a 0-based index.");
            if (Array.LastIndexOf(header!, name) != found)
                throw MemLabException.InvalidSpec($"{path}: the header names '{name}' more than once; {columns}. Give the label column by 0-based index instead.");
            return found;
        }
        int index = options.LabelColumnIndex ?? columnCount - 1;
        if (index >= columnCount)
            throw MemLabException.InvalidSpec($"{path}: label column index {index} does not exist; {columns}. Give an index from 0 to {columnCount - 1}.");
        return index;
    }

    /// <summary>A hint when a one-field line is separated by something else: the csv source reads only commas.</summary>
    private static string OtherSeparator(string line, char delimiter)
    {
        char? other = new[] { ';', '\t', '|', ' ' }.Where(c => c != delimiter && line.Contains(c)).Cast<char?>().FirstOrDefault();
        string name = other switch { '\t' => "tabs", ' ' => "spaces", { } c => $"'{c}'", null => "" };
        return other is null ? "" : $" The line looks separated by {name}; convert the file to commas first, for example: tr '{(other == '\t' ? "\\t" : other.ToString())}' ',' < in.csv > out.csv.";
    }

    /// <summary>Refuses a file whose first bytes hold a NUL byte: binary data (or a device such as /dev/zero) is not delimited text.</summary>
    private static void RequireText(string path)
    {
        var start = new byte[4096];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        int nul = Array.IndexOf(start, (byte)0, 0, read);
        if (nul >= 0)
            throw MemLabException.InvalidFile(path, $"holds a NUL byte at offset {nul}: it is binary data, not delimited text. Give a CSV file (numbers separated by commas, one point per line).");
    }

    private static IEnumerable<Record> ReadRecords(string path, char delimiter)
    {
        RequireText(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var fields = new List<string>();
        var field = new StringBuilder();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (!TrySplit(line, delimiter, fields, field))
                throw MemLabException.InvalidFile(path,
                    $"line {lineNumber} has an unterminated or misplaced double quote; quoted fields must close on the same line and be followed by the delimiter.");
            yield return new Record(lineNumber, fields.ToArray());
        }
    }

    /// <summary>Splits one line into trimmed fields, honouring double quotes. False when a quote is malformed.</summary>
    private static bool TrySplit(string line, char delimiter, List<string> fields, StringBuilder field)
    {
        fields.Clear();
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] != delimiter && char.IsWhiteSpace(line[i])) i++;
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) return false;
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                while (i < line.Length && line[i] != delimiter && char.IsWhiteSpace(line[i])) i++;
                if (i < line.Length && line[i] != delimiter) return false;
                fields.Add(field.ToString());
            }
            else
            {
                int end = line.IndexOf(delimiter, i);
                if (end < 0) end = line.Length;
                string cell = line[i..end].Trim();
                if (cell.Contains('"')) return false;
                fields.Add(cell);
                i = end;
            }
            if (i >= line.Length) return true;
            i++;
        }
    }

    private static bool TryParseNumber(string cell, out double value)
    {
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        // numpy and pandas write infinities as inf and -inf, which .NET does not parse: read them, so the error
        // says the value is not finite rather than not a number.
        switch (cell.Trim().ToLowerInvariant())
        {
            case "inf" or "+inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Integers, also when written with a fractional part of zero ("3.0", as pandas writes them).</summary>
    private static bool TryParseInteger(string cell, out long value)
    {
        if (long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) return true;
        if (TryParseNumber(cell, out double real) && double.IsInteger(real) && Math.Abs(real) <= 1L << 53)
        {
            value = (long)real;
            return true;
        }
        return false;
    }
}
