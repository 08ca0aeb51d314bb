namespace MemLab.Tests;

public class SparseLayerTests
{
    private static SparseLayer Layer(int[] rowStarts, int[] columns, double[] values, int inputs = 4) =>
        new(inputs, rowStarts.Length - 1, rowStarts, columns, values, new double[rowStarts.Length - 1], Activation.Relu);

    [Fact]
    public void Constructor_ValidCsr_KeepsTheArraysAndCountsStoredWeightsPlusBiases()
    {
        // W = [[0, 2, 0, -1], [0, 0, 0, 0], [5, 0, 0, 0]]: three stored weights, three biases.
        var layer = Layer([0, 2, 2, 3], [1, 3, 0], [2, -1, 5]);

        Assert.Equal([0, 2, 2, 3], layer.RowStarts.ToArray());
        Assert.Equal([1, 3, 0], layer.Columns.ToArray());
        Assert.Equal([2.0, -1, 5], layer.StoredWeights.ToArray());
        Assert.Equal(6, layer.ParameterCount);
    }

    [Theory]
    [InlineData(new[] { 0, 2, 3 }, new[] { 1, 4, 0 }, "column 4, outside 0 .. 3")]
    [InlineData(new[] { 0, 2, 3 }, new[] { 1, -1, 0 }, "column -1, outside 0 .. 3")]
    [InlineData(new[] { 0, 2, 3 }, new[] { 3, 1, 0 }, "lists column 1 after column 3")]
    [InlineData(new[] { 0, 2, 3 }, new[] { 2, 2, 0 }, "lists column 2 after column 2")]
    [InlineData(new[] { 0, 4, 3 }, new[] { 0, 1, 2 }, "row starts must not decrease")]
    [InlineData(new[] { 1, 2, 3 }, new[] { 0, 1, 2 }, "must run from 0 to 3")]
    [InlineData(new[] { 0, 2, 2 }, new[] { 0, 1, 2 }, "must run from 0 to 3")]
    [InlineData(new[] { 0, 3 }, new[] { 0, 1, 2 }, "with 2 units needs 3 row starts")]
    public void Constructor_InvalidCsr_ThrowsInvalidDataNamingTheProblem(int[] rowStarts, int[] columns, string fragment)
    {
        var error = Assert.Throws<MemLabException>(() =>
            new SparseLayer(4, 2, rowStarts, columns, [1, 2, 3], new double[2], Activation.Relu));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains(fragment, error.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_NonFiniteWeight_ThrowsNamingItsRowAndColumn(double bad)
    {
        var error = Assert.Throws<MemLabException>(() => Layer([0, 1, 2], [3, 1], [1, bad]));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Weight (1, 1)", error.Message);
        Assert.Contains("finite", error.Message);
    }

    [Fact]
    public void Constructor_IndexArraysOfDifferentLengths_Throws()
    {
        var error = Assert.Throws<MemLabException>(() => Layer([0, 2], [0, 1], [1, 2, 3]));
        Assert.Contains("2 columns and 3 weights", error.Message);
    }

    [Fact]
    public void FromRows_EntriesInAnyOrder_SortsSumsRepeatedColumnsAndDropsZeros()
    {
        List<(int, double)>[] rows =
        [
            [(3, 1.5), (0, 2), (3, -1.5), (1, -4)],
            [(2, 1), (2, 2)],
            [],
        ];

        var layer = SparseLayer.FromRows(4, rows, [0.5, 0, -1], Activation.Identity);

        // Row 0: column 3 sums to 0 and is dropped; columns 0 and 1 in order. Row 1: column 2 summed to 3.
        Assert.Equal([0, 2, 3, 3], layer.RowStarts.ToArray());
        Assert.Equal([0, 1, 2], layer.Columns.ToArray());
        Assert.Equal([2.0, -4, 3], layer.Values.ToArray());
        Assert.Equal(3 + 3, layer.ParameterCount);
    }

    [Fact]
    public void FromRows_ColumnOutOfRange_ThrowsInvalidData()
    {
        List<(int, double)>[] rows = [[(0, 1), (7, 1)]];

        var error = Assert.Throws<MemLabException>(() => SparseLayer.FromRows(4, rows, [0], Activation.Relu));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("column 7", error.Message);
    }
}
