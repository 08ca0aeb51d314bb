using System.Globalization;

namespace MemLab;

/// <summary>
/// A <see cref="Layer"/> whose W stores only its nonzero entries, in compressed sparse rows (CSR, as scipy's
/// <c>csr_matrix</c> and PyTorch's <c>sparse_csr_tensor</c>): row j's entries are <c>Columns[k]</c> and
/// <c>Values[k]</c> for k from <c>RowStarts[j]</c> to <c>RowStarts[j + 1]</c>, columns strictly increasing within a
/// row; every entry not stored is 0. Its <see cref="Layer.ParameterCount"/> is the stored entries plus the biases,
/// so a layer whose units read a few inputs each (the max-tree of <see cref="Constructions.NearestCentreConstruction"/>)
/// costs memory and parameters in proportion to its connections, not to InputCount x OutputCount. Evaluations give the
/// values the <see cref="DenseLayer"/> with the same W gives. The arrays are taken over, not copied.
/// </summary>
public sealed class SparseLayer : Layer
{
    private readonly int[] _rowStarts;
    private readonly int[] _columns;
    private readonly double[] _values;

    /// <summary>A layer from its CSR arrays and biases (see the type's summary).</summary>
    /// <param name="inputCount">Columns of W.</param>
    /// <param name="outputCount">Rows of W (units).</param>
    /// <param name="rowStarts">outputCount + 1 offsets into the entries: 0 first, never decreasing, the entry count last.</param>
    /// <param name="columns">Each entry's column, in 0 .. inputCount - 1, strictly increasing within a row.</param>
    /// <param name="values">Each entry's weight, finite.</param>
    /// <param name="bias">One finite bias per unit.</param>
    /// <param name="activation">The nonlinearity after the affine map.</param>
    /// <exception cref="MemLabException">The arrays do not describe a valid CSR matrix of this size, or a value is not finite (InvalidData, naming the first problem).</exception>
    public SparseLayer(int inputCount, int outputCount, int[] rowStarts, int[] columns, double[] values, double[] bias, Activation activation)
        : base(inputCount, outputCount, bias, activation)
    {
        ArgumentNullException.ThrowIfNull(rowStarts);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        const string Fix = "Build sparse layers with SparseLayer.FromRows, which sorts the entries of each row and sums repeated columns.";
        if (rowStarts.Length != outputCount + 1)
            throw MemLabException.InvalidData($"A sparse layer with {outputCount} units needs {outputCount + 1} row starts; got {rowStarts.Length}. {Fix}");
        if (columns.Length != values.Length)
            throw MemLabException.InvalidData($"A sparse layer needs one column index per stored weight; got {columns.Length} columns and {values.Length} weights. {Fix}");
        if (rowStarts[0] != 0 || rowStarts[outputCount] != values.Length)
            throw MemLabException.InvalidData(
                $"The row starts of a sparse layer with {values.Length} stored weights must run from 0 to {values.Length}; they run from {rowStarts[0]} to {rowStarts[outputCount]}. {Fix}");
        for (int j = 0; j < outputCount; j++)
            if (rowStarts[j + 1] < rowStarts[j])
                throw MemLabException.InvalidData($"Row {j} of a sparse layer starts at entry {rowStarts[j]} but the next row at {rowStarts[j + 1]}; row starts must not decrease. {Fix}");
        for (int j = 0; j < outputCount; j++)
        {
            for (int k = rowStarts[j]; k < rowStarts[j + 1]; k++)
            {
                if ((uint)columns[k] >= (uint)inputCount)
                    throw MemLabException.InvalidData($"Entry {k} (row {j}) of a sparse layer has column {columns[k]}, outside 0 .. {inputCount - 1} for {inputCount} inputs. {Fix}");
                if (k > rowStarts[j] && columns[k] <= columns[k - 1])
                    throw MemLabException.InvalidData(
                        $"Row {j} of a sparse layer lists column {columns[k]} after column {columns[k - 1]}; columns must increase within a row (sorted, each at most once). {Fix}");
                if (!double.IsFinite(values[k]))
                    throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture, $"Weight ({j}, {columns[k]}) is {values[k]}; network weights must be finite."));
            }
        }
        _rowStarts = rowStarts;
        _columns = columns;
        _values = values;
    }

    /// <summary>
    /// A layer from the entries of each row in any order: per row, the entries are sorted by column, entries with the
    /// same column are summed (in the order given) and sums that are exactly 0 are not stored.
    /// </summary>
    /// <param name="inputCount">Columns of W.</param>
    /// <param name="rows">For each unit, its (column, weight) entries.</param>
    /// <param name="bias">One finite bias per unit (rows.Count of them).</param>
    /// <param name="activation">The nonlinearity after the affine map.</param>
    /// <exception cref="MemLabException">A column out of range, a weight that is not finite, or a bias count that differs from the rows (InvalidData).</exception>
    public static SparseLayer FromRows(int inputCount, IReadOnlyList<IEnumerable<(int Column, double Value)>> rows, double[] bias, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var rowStarts = new int[rows.Count + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (int j = 0; j < rows.Count; j++)
        {
            ArgumentNullException.ThrowIfNull(rows[j]);
            // OrderBy is stable: entries of one column keep their given order, so the sum is the same every time.
            foreach (var group in rows[j].OrderBy(e => e.Column).GroupBy(e => e.Column))
            {
                double sum = 0;
                foreach (var entry in group) sum += entry.Value;
                if (sum == 0) continue;
                columns.Add(group.Key);
                values.Add(sum);
            }
            rowStarts[j + 1] = values.Count;
        }
        return new SparseLayer(inputCount, rows.Count, rowStarts, columns.ToArray(), values.ToArray(), bias, activation);
    }

    /// <summary>OutputCount + 1 offsets: row j's entries are RowStarts[j] .. RowStarts[j + 1] - 1.</summary>
    public ReadOnlySpan<int> RowStarts => _rowStarts;

    /// <summary>The column of each stored entry.</summary>
    public ReadOnlySpan<int> Columns => _columns;

    /// <summary>The weight of each stored entry.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <inheritdoc/>
    public override ReadOnlySpan<double> StoredWeights => _values;
}
