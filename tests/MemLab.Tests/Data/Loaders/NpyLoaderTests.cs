using System.Buffers.Binary;
using System.Text;
using MemLab.Data.Loaders;

namespace MemLab.Tests.Data.Loaders;

public class NpyLoaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Load_Float32FeaturesAndInt64Labels_RoundTrip(int version)
    {
        using var temp = new TempDirectory();
        float[] x = [0.5f, -1f, 2.25f, 3f, 1e-3f, 7f];
        WriteNpy(temp.File("x.npy"), "<f4", [3, 2], x.SelectMany(BitConverter.GetBytes).ToArray(), version: version);
        WriteNpy(temp.File("y.npy"), "<i8", [3], new long[] { 2, 0, 1 }.SelectMany(BitConverter.GetBytes).ToArray(), version: version);

        Dataset data = NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy"));

        Assert.Equal(3, data.SampleCount);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(x, data.Features.ToArray());
        Assert.Equal([2, 0, 1], data.Labels.ToArray());
    }

    [Fact]
    public void Load_Float64FeaturesAndInt32Labels_ConvertsToFloat32()
    {
        using var temp = new TempDirectory();
        double[] x = [0.1, 0.2, 0.3, 0.4];
        WriteNpy(temp.File("x.npy"), "<f8", [2, 2], x.SelectMany(BitConverter.GetBytes).ToArray());
        WriteNpy(temp.File("y.npy"), "<i4", [2], new[] { 1, 1 }.SelectMany(BitConverter.GetBytes).ToArray());

        Dataset data = NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy"));

        Assert.Equal(x.Select(v => (float)v), data.Features.ToArray());
        Assert.Equal([0, 0], data.Labels.ToArray());
        Assert.Equal(["1"], data.ClassNames);
    }

    [Fact]
    public void Load_Uint8WithoutLabelsFile_TakesLastColumnAsLabel()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("xy.npy"), "|u1", [2, 3], [10, 20, 1, 30, 40, 0]);

        Dataset data = NpyLoader.Load(temp.File("xy.npy"), labelsPath: null);

        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([10f, 20f, 30f, 40f], data.Features.ToArray());
        Assert.Equal([1, 0], data.Labels.ToArray());
    }

    [Fact]
    public void Load_RealTargets_ReadsFloat64Targets()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "<f4", [2, 1], new[] { 1f, 2f }.SelectMany(BitConverter.GetBytes).ToArray());
        WriteNpy(temp.File("y.npy"), "<f8", [2], new[] { 0.75, -2.5 }.SelectMany(BitConverter.GetBytes).ToArray());

        Dataset data = NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy"), TargetKind.Real);

        Assert.Equal([0.75, -2.5], data.Targets.ToArray());
    }

    [Fact]
    public void Load_FortranOrder_ThrowsInvalidFileSayingCOrderIsRead()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "<f4", [1, 1], BitConverter.GetBytes(1f), fortranOrder: true);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("Fortran", error.Message);
        Assert.Contains("C order", error.Message);
    }

    [Fact]
    public void Load_UnsupportedDtype_ThrowsInvalidFileNamingItAndSupportedOnes()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), ">f8", [1, 2], new byte[16]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("'>f8'", error.Message);
        Assert.Contains("'<f4'", error.Message);
    }

    [Fact]
    public void Load_TruncatedData_ThrowsInvalidFileWithByteCounts()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "<f4", [2, 2], new byte[12]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("needs 16 data bytes but 12 follow", error.Message);
    }

    [Fact]
    public void Load_OneDimensionalFeatures_ThrowsInvalidFileWithShape()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [3], [1, 2, 3]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("(3,)", error.Message);
    }

    [Fact]
    public void Load_ColumnVectorLabels_ThrowsInvalidFileSuggestingRavel()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [2, 1], [1, 2]);
        WriteNpy(temp.File("y.npy"), "|u1", [2, 1], [0, 1]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy")));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("(2, 1)", error.Message);
        Assert.Contains("ravel", error.Message);
    }

    [Fact]
    public void Load_LabelCountDiffers_ThrowsInvalidFileWithBothCounts()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [3, 1], [1, 2, 3]);
        WriteNpy(temp.File("y.npy"), "|u1", [2], [0, 1]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy")));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("has 2 labels", error.Message);
        Assert.Contains("3 rows", error.Message);
    }

    [Fact]
    public void Load_FractionalClassLabel_ThrowsInvalidFileWithValueAndIndex()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [2, 1], [1, 2]);
        WriteNpy(temp.File("y.npy"), "<f8", [2], new[] { 1.0, 0.5 }.SelectMany(BitConverter.GetBytes).ToArray());

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy")));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("value 0.5 at index 1", error.Message);
    }

    [Fact]
    public void Load_NotNpy_ThrowsInvalidFile()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("x.npy"), "1,2,3\n4,5,6\n");

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("NUMPY", error.Message);
    }

    [Fact]
    public void Load_Version3_ThrowsInvalidFileNamingVersion()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [1, 1], [1], version: 3);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null));

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("version 3.0", error.Message);
    }

    [Fact]
    public void Load_MissingLabelsFile_ThrowsFileNotFound()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [1, 1], [1]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), temp.File("y.npy")));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains("y.npy", error.Message);
    }

    [Fact]
    public void Load_UndefinedTargetKind_ThrowsInvalidOptionsWithValue()
    {
        using var temp = new TempDirectory();
        WriteNpy(temp.File("x.npy"), "|u1", [1, 2], [1, 0]);

        var error = Assert.Throws<MemLabException>(() => NpyLoader.Load(temp.File("x.npy"), null, (TargetKind)7));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("got 7", error.Message);
    }

    /// <summary>
    /// Writes a .npy file byte by byte per numpy.lib.format: "\x93NUMPY", major, minor, the header length
    /// (uint16 for 1.x, uint32 for 2.x and 3.x, little-endian), the dict header padded with spaces and ended
    /// by '\n' so the data starts at a multiple of 64, then the raw data.
    /// </summary>
    internal static void WriteNpy(string path, string dtype, long[] shape, byte[] data, int version = 1, bool fortranOrder = false)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        string dict = $"{{'descr': '{dtype}', 'fortran_order': {(fortranOrder ? "True" : "False")}, 'shape': {shapeText}, }}";
        int lengthSize = version == 1 ? 2 : 4;
        int prefix = 8 + lengthSize;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        string header = dict.PadRight(total - prefix - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, (byte)version, 0]);
        var length = new byte[lengthSize];
        if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(data);
        File.WriteAllBytes(path, stream.ToArray());
    }
}
