using MemLab.Data.Loaders;

namespace MemLab.Tests.Data.Loaders;

public class CsvLoaderTests
{
    private static Dataset LoadText(string text, CsvOptions? options = null)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("data.csv"), text);
        return CsvLoader.Load(temp.File("data.csv"), options ?? new CsvOptions());
    }

    private static MemLabException LoadError(string text, CsvOptions? options = null) =>
        Assert.Throws<MemLabException>(() => LoadText(text, options));

    [Fact]
    public void Load_IntegerLabelsWithGap_RenumberedWithValuesAsNamesAndNoEmptyClass()
    {
        Dataset data = LoadText("x1,x2,label\n1.5,2,0\n3,-4e-1,2\n");

        Assert.Equal(2, data.SampleCount);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([1.5f, 2f, 3f, -0.4f], data.Features.ToArray());
        Assert.Equal([0, 1], data.Labels.ToArray());
        Assert.Equal(["0", "2"], data.ClassNames);
    }

    [Fact]
    public void Load_IntegerLabelsZeroToKMinusOne_KeptAsGiven()
    {
        Dataset data = LoadText("x,label\n1,2\n2,0\n3,1\n4,2\n");

        Assert.Equal([2, 0, 1, 2], data.Labels.ToArray());
        Assert.Equal(["0", "1", "2"], data.ClassNames);
    }

    [Fact]
    public void Load_StringLabelsWithoutHeader_NumbersClassesInSortedOrder()
    {
        Dataset data = LoadText("5.1,3.5,virginica\n4.9,3.0,setosa\n6.2,2.9,versicolor\n5.0,3.6,setosa\n");

        Assert.Equal(4, data.SampleCount);
        Assert.Equal(["setosa", "versicolor", "virginica"], data.ClassNames);
        Assert.Equal([2, 0, 1, 0], data.Labels.ToArray());
        Assert.Equal([5.1f, 3.5f], data.Row(0).ToArray());
    }

    [Fact]
    public void Load_NumericFeatureNamesAndTextLabelName_DetectsHeader()
    {
        Dataset data = LoadText("0,1,label\n1,2,3\n4,5,6\n");

        Assert.Equal(2, data.SampleCount);
        Assert.Equal([0, 1], data.Labels.ToArray());
        Assert.Equal(["3", "6"], data.ClassNames);
    }

    [Fact]
    public void Load_HeaderAbsent_TreatsFirstRowAsData()
    {
        Dataset data = LoadText("1,2,0\n3,4,1\n", new CsvOptions { Header = CsvHeader.Absent });

        Assert.Equal(2, data.SampleCount);
    }

    [Fact]
    public void Load_LabelColumnByName_UsesThatColumnAndKeepsOthersInOrder()
    {
        Dataset data = LoadText("a,y,b\n1,1,2\n3,0,4\n", new CsvOptions { LabelColumnName = "y" });

        Assert.Equal([1f, 2f, 3f, 4f], data.Features.ToArray());
        Assert.Equal([1, 0], data.Labels.ToArray());
    }

    [Fact]
    public void Load_LabelColumnByIndex_UsesThatColumn()
    {
        Dataset data = LoadText("1,10,20\n0,30,40\n", new CsvOptions { LabelColumnIndex = 0 });

        Assert.Equal([10f, 20f, 30f, 40f], data.Features.ToArray());
        Assert.Equal([1, 0], data.Labels.ToArray());
    }

    [Fact]
    public void Load_Regression_ReadsRealTargets()
    {
        Dataset data = LoadText("x,y\n1,0.25\n2,-3.5\n", new CsvOptions { Target = TargetKind.Real });

        Assert.Equal(TargetKind.Real, data.TargetKind);
        Assert.Equal([0.25, -3.5], data.Targets.ToArray());
    }

    [Fact]
    public void Load_NegativeIntegerLabels_NumbersThemInIncreasingOrder()
    {
        Dataset data = LoadText("1,1\n2,-1\n3,1.0\n");

        Assert.Equal(["-1", "1"], data.ClassNames);
        Assert.Equal([1, 0, 1], data.Labels.ToArray());
    }

    [Fact]
    public void Load_QuotedFieldsAndBlankLines_AreRead()
    {
        Dataset data = LoadText("\"a\",\"b\",\"kind\"\n\n1, \"2\" ,\"big, red\"\n3,4,\"say \"\"hi\"\"\"\n\n");

        Assert.Equal([1f, 2f, 3f, 4f], data.Features.ToArray());
        Assert.Equal(["big, red", "say \"hi\""], data.ClassNames);
    }

    [Fact]
    public void Load_TabDelimiter_SplitsOnTabs()
    {
        Dataset data = LoadText("1\t2\t0\n3\t4\t1\n", new CsvOptions { Delimiter = '\t' });

        Assert.Equal([1f, 2f, 3f, 4f], data.Features.ToArray());
    }

    [Fact]
    public void Load_RaggedRow_ThrowsInvalidFileWithLineAndCounts()
    {
        var error = LoadError("a,b,y\n1,2,0\n\n3,4\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 4 has 2 fields, expected 3", error.Message);
    }

    [Fact]
    public void Options_AreACheckedRecord_EveryProblemInOneRefusal()
    {
        var options = new CsvOptions { LabelColumnName = "y", LabelColumnIndex = -1, Delimiter = '.' };
        ICheckedOptions checkedOptions = options;
        Assert.Equal(3, checkedOptions.Problems().Count());
        var error = LoadError("a;b;y\n1;2;0\n", options);
        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("not both", error.Message);
        Assert.Contains("LabelColumnIndex must be >= 0", error.Message);
        Assert.Contains("Delimiter must not be", error.Message);
        Assert.Empty(new CsvOptions().Problems());
    }

    [Fact]
    public void Load_UnknownLabelColumnName_ThrowsInvalidSpecListingHeader()
    {
        var error = LoadError("a,b,y\n1,2,0\n", new CsvOptions { LabelColumnName = "label" });

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'label'", error.Message);
        Assert.Contains("a, b, y", error.Message);
    }

    [Fact]
    public void Load_LabelColumnIndexOutOfRange_ThrowsInvalidSpec()
    {
        var error = LoadError("1,2,0\n", new CsvOptions { LabelColumnIndex = 3 });

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("index 3", error.Message);
        Assert.Contains("3 columns", error.Message);
    }

    [Fact]
    public void Load_NonNumericFeature_ThrowsInvalidFileWithLineColumnAndValue()
    {
        var error = LoadError("a,b,y\n1,2,0\n3,oops,1\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 3, column 1 ('b')", error.Message);
        Assert.Contains("'oops'", error.Message);
    }

    [Fact]
    public void Load_NaNFeature_ThrowsInvalidFileWithLine()
    {
        var error = LoadError("1,2,0\n3,NaN,1\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 2, column 1", error.Message);
        Assert.Contains("'NaN'", error.Message);
    }

    [Fact]
    public void Load_NonNumericRegressionTarget_ThrowsInvalidFileWithLine()
    {
        var error = LoadError("1,0.5\n2,high\n", new CsvOptions { Target = TargetKind.Real, Header = CsvHeader.Absent });

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 2, column 1", error.Message);
        Assert.Contains("'high'", error.Message);
    }

    [Fact]
    public void Load_EmptyLabel_ThrowsInvalidFileWithLine()
    {
        var error = LoadError("1,2,a\n3,4,\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 2, column 2", error.Message);
    }

    [Fact]
    public void Load_EmptyFile_ThrowsInvalidFile()
    {
        var error = LoadError("\n  \n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("is empty", error.Message);
    }

    [Fact]
    public void Load_HeaderOnly_ThrowsInvalidFileNoDataRows()
    {
        var error = LoadError("a,b,y\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("no data rows", error.Message);
    }

    [Fact]
    public void Load_SingleColumn_ThrowsInvalidFile()
    {
        var error = LoadError("1\n2\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 1 has 1 field", error.Message);
    }

    [Fact]
    public void Load_UnterminatedQuote_ThrowsInvalidFileWithLine()
    {
        var error = LoadError("1,2,0\n3,\"4,1\n");

        Assert.Equal(MemLabErrorKind.InvalidFile, error.Kind);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        string missing = Path.Combine(Path.GetTempPath(), "memlab-missing-" + Guid.NewGuid().ToString("N") + ".csv");

        var error = Assert.Throws<MemLabException>(() => CsvLoader.Load(missing, new CsvOptions()));

        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Load_LabelNameAndIndexBothSet_ThrowsInvalidOptions()
    {
        var error = LoadError("a,y\n1,0\n", new CsvOptions { LabelColumnName = "y", LabelColumnIndex = 1 });

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("'y'", error.Message);
    }

    [Fact]
    public void Load_LabelNameWithoutHeader_ThrowsInvalidOptions()
    {
        var error = LoadError("1,0\n", new CsvOptions { LabelColumnName = "y", Header = CsvHeader.Absent });

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("Absent", error.Message);
    }

    [Fact]
    public void Load_NegativeLabelIndexAndDigitDelimiter_ReportsBothProblems()
    {
        var error = LoadError("1,0\n", new CsvOptions { LabelColumnIndex = -2, Delimiter = '5' });

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("-2", error.Message);
        Assert.Contains("'5'", error.Message);
    }

    [Fact]
    public void Load_UndefinedHeaderAndTarget_ThrowsInvalidOptionsNamingBoth()
    {
        var error = LoadError("1,0\n", new CsvOptions { Header = (CsvHeader)9, Target = (TargetKind)8 });

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("Header must be Auto, Present or Absent; got 9", error.Message);
        Assert.Contains("Target must be Classes or Real; got 8", error.Message);
    }
}
