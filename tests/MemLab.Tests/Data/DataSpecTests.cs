using MemLab.Data;

namespace MemLab.Tests.Data;

public class DataSpecTests
{
    [Fact]
    public void Parse_SourceOnly_HasNoEntries()
    {
        var spec = DataSpec.Parse("gaussian");

        Assert.Equal("gaussian", spec.Source);
        Assert.Empty(spec.Entries);
        Assert.Equal("gaussian", spec.ToString());
    }

    [Fact]
    public void Parse_SeveralKeys_KeepsThemInTheGivenOrder()
    {
        var spec = DataSpec.Parse("moons:noise=0.05,n=1000,seed=3");

        Assert.Equal(["noise", "n", "seed"], spec.Entries.Select(e => e.Key));
        Assert.Equal(["0.05", "1000", "3"], spec.Entries.Select(e => e.Value));
    }

    [Theory]
    [InlineData("moons")]
    [InlineData("moons:n=1000,noise=0.05,seed=0")]
    [InlineData("mnist:classes=3-8,labels=randomize:0.2,scale=unit-ball")]
    [InlineData("csv:path=/data/My File.csv,label=Species")]
    public void ToString_CanonicalSpec_RoundTrips(string text)
    {
        var spec = DataSpec.Parse(text);

        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, DataSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void Parse_WhitespaceAndUpperCase_GivesLowerCaseSourceAndKeysButKeepsValues()
    {
        var spec = DataSpec.Parse("  Moons : N = 100 , Classes=Cat-Dog ");

        Assert.Equal("moons:n=100,classes=Cat-Dog", spec.ToString());
    }

    [Fact]
    public void Equals_DifferentKeyOrder_NotEqual()
    {
        Assert.NotEqual(DataSpec.Parse("moons:n=10,noise=0"), DataSpec.Parse("moons:noise=0,n=10"));
        Assert.Equal(DataSpec.Parse("moons:n=10,noise=0"), DataSpec.Parse("moons: n=10, noise=0"));
        Assert.Equal(DataSpec.Parse("moons:n=10").GetHashCode(), DataSpec.Parse("MOONS:N=10").GetHashCode());
    }

    [Theory]
    [InlineData("", "no source name")]
    [InlineData("  :n=3", "no source name")]
    [InlineData("moons:", "Entry 1")]
    [InlineData("moons:n=3,", "Entry 2")]
    [InlineData("moons:n=3,,noise=0", "Entry 2")]
    [InlineData("moons:n3", "'n3'")]
    [InlineData("moons:=3", "'=3'")]
    [InlineData("moons:n=", "Key 'n'")]
    public void Parse_Malformed_ThrowsInvalidSpecNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse(text));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_DuplicateKey_ThrowsNamingKeyAndBothValues()
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse("moons:n=10,noise=0,N=20"));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'n' appears twice", error.Message);
        Assert.Contains("n=10", error.Message);
        Assert.Contains("n=20", error.Message);
    }

    [Fact]
    public void GetInt_PresentOrAbsent_ReturnsValueOrDefault()
    {
        var spec = DataSpec.Parse("gaussian:n=250");

        Assert.Equal(250, spec.GetInt("n", 1000, 1));
        Assert.Equal(10, spec.GetInt("d", 10, 1));
    }

    [Theory]
    [InlineData("gaussian:n=abc", "n=abc", "an integer >= 1")]
    [InlineData("gaussian:n=0", "n=0", "an integer >= 1")]
    [InlineData("gaussian:n=2.5", "n=2.5", "an integer >= 1")]
    [InlineData("gaussian:n=99999999999", "n=99999999999", "an integer >= 1")]
    public void GetInt_BadValue_ThrowsNamingKeyValueAndRange(string text, string keyValue, string range)
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse(text).GetInt("n", 1000, 1));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains(keyValue, error.Message);
        Assert.Contains(range, error.Message);
    }

    [Fact]
    public void GetInt_AboveMax_ThrowsNamingClosedRange()
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse("x:k=11").GetInt("k", 3, 1, 10));

        Assert.Contains("k=11", error.Message);
        Assert.Contains("[1, 10]", error.Message);
    }

    [Fact]
    public void GetDouble_Value_ParsedWithInvariantCulture()
    {
        Assert.Equal(0.05, DataSpec.Parse("moons:noise=0.05").GetDouble("noise", 0, 0));
        Assert.Equal(1e-3, DataSpec.Parse("moons:noise=1e-3").GetDouble("noise", 0, 0));
        Assert.Equal(0.2, DataSpec.Parse("moons").GetDouble("noise", 0.2, 0));
    }

    [Theory]
    [InlineData("moons:noise=-1", "noise=-1", "a number >= 0")]
    [InlineData("moons:noise=abc", "noise=abc", "a number >= 0")]
    [InlineData("moons:noise=NaN", "noise=NaN", "a number >= 0")]
    [InlineData("moons:noise=Infinity", "noise=Infinity", "a number >= 0")]
    [InlineData("moons:noise=0,05", "'05'", "key=value")]
    public void GetDouble_BadValue_ThrowsNamingKeyValueAndRange(string text, string keyValue, string range)
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse(text).GetDouble("noise", 0, 0));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains(keyValue, error.Message);
        Assert.Contains(range, error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1.5")]
    public void GetDouble_OutsideOpenInterval_ThrowsNamingOpenInterval(string value)
    {
        var error = Assert.Throws<MemLabException>(() =>
            DataSpec.Parse("moons:holdout=" + value).GetDouble("holdout", 0.2, 0, 1, excludeMin: true, excludeMax: true));

        Assert.Contains("holdout=" + value, error.Message);
        Assert.Contains("(0, 1)", error.Message);
    }

    [Fact]
    public void GetBool_TrueFalseAnyCase_Parsed()
    {
        Assert.True(DataSpec.Parse("mnist:pca=true").GetBool("pca", false));
        Assert.False(DataSpec.Parse("mnist:pca=FALSE").GetBool("pca", true));
        Assert.True(DataSpec.Parse("mnist").GetBool("pca", true));
    }

    [Fact]
    public void GetBool_OtherValue_ThrowsNamingValue()
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse("mnist:pca=yes").GetBool("pca", false));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("pca=yes", error.Message);
        Assert.Contains("true or false", error.Message);
    }

    [Theory]
    [InlineData("none", ScalingMethod.None)]
    [InlineData("unit-ball", ScalingMethod.UnitBall)]
    [InlineData("Unit-Rows", ScalingMethod.UnitRows)]
    [InlineData("standardize", ScalingMethod.Standardize)]
    public void GetEnum_KebabCaseName_ReturnsMember(string value, ScalingMethod expected)
    {
        Assert.Equal(expected, DataSpec.Parse("moons:scale=" + value).GetEnum("scale", ScalingMethod.None));
    }

    [Fact]
    public void GetEnum_UnknownName_ThrowsListingValidNames()
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse("moons:scale=unitball").GetEnum("scale", ScalingMethod.None));

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("scale=unitball", error.Message);
        Assert.Contains("none, unit-ball, unit-rows, standardize", error.Message);
    }

    [Fact]
    public void GetSeed_AbsentOrFullRange_Parsed()
    {
        Assert.Equal(new Seed(0), DataSpec.Parse("moons").GetSeed());
        Assert.Equal(new Seed(ulong.MaxValue), DataSpec.Parse("moons:seed=18446744073709551615").GetSeed());
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("18446744073709551616")]
    [InlineData("x")]
    public void GetSeed_BadValue_ThrowsNamingValue(string value)
    {
        var error = Assert.Throws<MemLabException>(() => DataSpec.Parse("moons:seed=" + value).GetSeed());

        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("seed=" + value, error.Message);
    }

    [Fact]
    public void GetString_PresentOrAbsent_ReturnsValueOrDefault()
    {
        var spec = DataSpec.Parse("mnist:classes=3-8");

        Assert.Equal("3-8", spec.GetString("classes", ""));
        Assert.Equal("generated", spec.GetString("labels", "generated"));
        Assert.True(spec.Contains("classes"));
        Assert.False(spec.Contains("labels"));
    }
}
