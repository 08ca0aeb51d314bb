using System.Globalization;
using MemLab.Data;

namespace MemLab.Tests.Data;

public class LabelTransformsTests
{
    [Fact]
    public void DrawUniform_ManyDraws_EveryClassAboutEquallyOften()
    {
        int[] labels = LabelTransforms.DrawUniform(8000, 4, new Seed(1));

        Assert.All(labels, label => Assert.InRange(label, 0, 3));
        // Binomial(8000, 1/4) has standard deviation 38.7; 5 standard deviations.
        foreach (var group in labels.GroupBy(l => l))
            Assert.InRange(group.Count(), 2000 - 194, 2000 + 194);
    }

    [Fact]
    public void AssignRandom_KClasses_NewLabelsAndNamesSamePoints()
    {
        var data = Labelled(count: 3000, classCount: 2);

        var result = LabelTransforms.AssignRandom(data, 5, new Seed(2));

        Assert.Equal(["0", "1", "2", "3", "4"], result.ClassNames);
        Assert.Equal(data.Features.ToArray(), result.Features.ToArray());
        Assert.All(result.ClassSizes(), size => Assert.InRange(size, 600 - 110, 600 + 110));
        Assert.EndsWith("labels replaced by uniformly random labels in 5 classes", result.Provenance.Description);
    }

    [Fact]
    public void AssignRandom_RealTargets_GivesClassLabels()
    {
        var data = Dataset.Regression([1, 2, 3], 1, [0.5, 1.5, 2.5], DatasetProvenance.InMemory("three points"));

        var result = LabelTransforms.AssignRandom(data, 2, new Seed(3));

        Assert.Equal(TargetKind.Classes, result.TargetKind);
        Assert.Equal(3, result.SampleCount);
    }

    [Fact]
    public void AssignRandom_FewerThanTwoClasses_ThrowsNamingK()
    {
        var error = Assert.Throws<MemLabException>(() => LabelTransforms.AssignRandom(Labelled(10, 2), 1, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("K = 1", error.Message);
    }

    [Fact]
    public void Corrupt_FractionOfManyClasses_ChangesRoundPTimesNLabels()
    {
        // With 100,000 classes a redrawn label equals the old one with probability 1e-5, so the number of
        // changed labels is the number of chosen points: round(0.25 * 10) = 3, rounding half away from zero.
        var data = Labelled(count: 10, classCount: 100_000);

        var result = LabelTransforms.Corrupt(data, 0.25, new Seed(4));

        Assert.Equal(3, ChangedCount(data, result));
        Assert.Equal(data.ClassNames, result.ClassNames);
        Assert.Equal(data.Features.ToArray(), result.Features.ToArray());
    }

    [Fact]
    public void Corrupt_FractionOfFiftyClasses_ChangesAboutFortyNineFiftiethsOfTheChosen()
    {
        var data = Labelled(count: 1000, classCount: 50);

        var result = LabelTransforms.Corrupt(data, 0.3, new Seed(5));

        // 300 points chosen; each keeps its label with probability 1/50 (expected 6 kept, sd 2.4).
        Assert.InRange(ChangedCount(data, result), 300 - 18, 300);
        Assert.Contains("labels of 300 of 1000 points", result.Provenance.Description);
    }

    [Fact]
    public void Corrupt_AllOfTwoClasses_ChangesAboutHalf()
    {
        var data = Labelled(count: 4000, classCount: 2);

        int changed = ChangedCount(data, LabelTransforms.Corrupt(data, 1, new Seed(6)));

        Assert.InRange(changed, 2000 - 160, 2000 + 160);
    }

    [Fact]
    public void Corrupt_FractionZero_KeepsEveryLabel()
    {
        var data = Labelled(count: 100, classCount: 3);

        Assert.Equal(0, ChangedCount(data, LabelTransforms.Corrupt(data, 0, new Seed(7))));
    }

    [Fact]
    public void Corrupt_SameSeed_SameLabels()
    {
        var data = Labelled(count: 200, classCount: 4);

        Assert.Equal(LabelTransforms.Corrupt(data, 0.5, new Seed(8)).ContentHash(), LabelTransforms.Corrupt(data, 0.5, new Seed(8)).ContentHash());
        Assert.NotEqual(LabelTransforms.Corrupt(data, 0.5, new Seed(8)).ContentHash(), LabelTransforms.Corrupt(data, 0.5, new Seed(9)).ContentHash());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Corrupt_FractionOutsideZeroToOne_ThrowsNamingFraction(double fraction)
    {
        var error = Assert.Throws<MemLabException>(() => LabelTransforms.Corrupt(Labelled(10, 2), fraction, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains("got " + fraction.ToString(CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Corrupt_RealTargets_ThrowsInvalidData()
    {
        var data = Dataset.Regression([1, 2], 1, [0.5, 1.5], DatasetProvenance.InMemory("two points"));

        var error = Assert.Throws<MemLabException>(() => LabelTransforms.Corrupt(data, 0.5, new Seed(0)));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("real targets", error.Message);
    }

    /// <summary>Points 0 .. count-1 on a line, labelled i mod classCount.</summary>
    private static Dataset Labelled(int count, int classCount) =>
        Dataset.Classification(
            Enumerable.Range(0, count).Select(i => (float)i).ToArray(), 1,
            Enumerable.Range(0, count).Select(i => i % classCount).ToArray(),
            Enumerable.Range(0, classCount).Select(k => "c" + k.ToString(CultureInfo.InvariantCulture)).ToArray(),
            DatasetProvenance.InMemory("test points"));

    private static int ChangedCount(Dataset before, Dataset after) =>
        Enumerable.Range(0, before.SampleCount).Count(i => before.Labels[i] != after.Labels[i]);
}
