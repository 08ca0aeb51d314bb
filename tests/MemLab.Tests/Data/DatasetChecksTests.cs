using MemLab.Data;

namespace MemLab.Tests.Data;

public class DatasetChecksTests
{
    [Fact]
    public void FindDuplicates_RepeatedRows_PairsEachWithItsFirstOccurrence()
    {
        // Row 5 is row 4 with -0 in place of +0: equal values, so a duplicate.
        float[] features = [1, 2, 3, 4, 1, 2, 1, 2, 0, 4, -0f, 4];
        var data = Dataset.Classification(features, 2, [0, 0, 0, 0, 0, 0], null, DatasetProvenance.InMemory("rows"));

        var pairs = DatasetChecks.FindDuplicates(data);

        Assert.Equal([new SamplePair(0, 2), new SamplePair(0, 3), new SamplePair(4, 5)], pairs);
    }

    [Fact]
    public void FindDuplicates_RandomRowsWithPlantedCopies_MatchesBruteForce()
    {
        var (data, _) = PlantedDuplicates(seed: 11, n: 300, d: 5);

        var pairs = DatasetChecks.FindDuplicates(data);

        var expected = new List<SamplePair>();
        for (int j = 0; j < data.SampleCount; j++)
        {
            int first = Enumerable.Range(0, j).FirstOrDefault(i => data.Row(i).SequenceEqual(data.Row(j)), -1);
            if (first >= 0) expected.Add(new SamplePair(first, j));
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected, pairs);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(7UL)]
    public void FirstOccurrences_CollidingHashes_MatchBruteForce(ulong buckets)
    {
        // Every row's hash in one of a few buckets, so rows with other values share a hash with an earlier row.
        var (data, _) = PlantedDuplicates(seed: 12, n: 300, d: 5);
        ulong[] hashes = Enumerable.Range(0, data.SampleCount).Select(i => (ulong)(data.Row(i)[0] > 0 ? 1 : 0) % buckets).ToArray();

        int[] first = DatasetChecks.FirstOccurrences(data, hashes);

        for (int j = 0; j < data.SampleCount; j++)
            Assert.Equal(Enumerable.Range(0, j + 1).First(i => data.Row(i).SequenceEqual(data.Row(j))), first[j]);
        Assert.Contains(Enumerable.Range(0, data.SampleCount), j => first[j] != j);
    }

    [Fact]
    public void FindConflictingDuplicates_MixedLabels_PairsEachWithEarliestDifferentLabel()
    {
        // Rows 0-3 are one point with labels 0, 0, 1, 0; rows 4-5 are another point with labels 1, 1.
        float[] features = [1, 2, 1, 2, 1, 2, 1, 2, 5, 5, 5, 5];
        var data = Dataset.Classification(features, 2, [0, 0, 1, 0, 1, 1], null, DatasetProvenance.InMemory("rows"));

        var pairs = DatasetChecks.FindConflictingDuplicates(data);

        Assert.Equal([new SamplePair(0, 2), new SamplePair(2, 3)], pairs);
    }

    [Fact]
    public void FindConflictingDuplicates_RandomLabels_MatchesBruteForce()
    {
        var (data, labels) = PlantedDuplicates(seed: 12, n: 400, d: 3);

        var pairs = DatasetChecks.FindConflictingDuplicates(data);

        var expected = new List<SamplePair>();
        for (int j = 0; j < data.SampleCount; j++)
        {
            int first = Enumerable.Range(0, j).FirstOrDefault(i => data.Row(i).SequenceEqual(data.Row(j)) && labels[i] != labels[j], -1);
            if (first >= 0) expected.Add(new SamplePair(first, j));
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected, pairs);
    }

    [Fact]
    public void FindConflictingDuplicates_RealTargets_ComparesTargets()
    {
        var data = Dataset.Regression([1, 1, 1, 2], 1, [0.5, 0.5, 0.25, 0.5], DatasetProvenance.InMemory("targets"));

        Assert.Equal([new SamplePair(0, 2)], DatasetChecks.FindConflictingDuplicates(data));
    }

    [Fact]
    public void RequireNoConflictingDuplicates_Conflict_ThrowsInvalidDataNamingFirstPairAndLabels()
    {
        float[] features = [0, 9, 7, 7, 0, 9, 7, 7, 0, 9];
        var data = Dataset.Classification(features, 2, [3, 1, 3, 2, 5], null, DatasetProvenance.InMemory("rows"));

        var error = Assert.Throws<MemLabException>(() => DatasetChecks.RequireNoConflictingDuplicates(data));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("Samples 1 and 3", error.Message);
        Assert.Contains("labels 1 and 2", error.Message);
        Assert.Contains("1 more", error.Message);
    }

    [Fact]
    public void RequireNoConflictingDuplicates_NamedClasses_MessageShowsNames()
    {
        var data = Dataset.Classification([4, 4], 1, [0, 1], ["cat", "dog"], DatasetProvenance.InMemory("pets"));

        var error = Assert.Throws<MemLabException>(() => DatasetChecks.RequireNoConflictingDuplicates(data));

        Assert.Contains("labels 0 ('cat') and 1 ('dog')", error.Message);
    }

    [Fact]
    public void RequireNoConflictingDuplicates_OnlyConsistentDuplicates_DoesNotThrow()
    {
        var data = Dataset.Classification([4, 4, 5], 1, [1, 1, 0], null, DatasetProvenance.InMemory("ok"));

        DatasetChecks.RequireNoConflictingDuplicates(data);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(303)]
    public void FirstOccurrences_RowsHashedFourAtATimeAndAlone_MatchBruteForce(int n)
    {
        // The rows are hashed in groups of four with one left-over row at a time: duplicates within a group, across
        // groups and in the left-over rows must all be found (a hash of the wrong row would miss them).
        var (data, _) = PlantedDuplicates(seed: 13, n: n, d: 7);
        float[] features = data.Features.ToArray();
        if (n >= 3) Array.Copy(features, 0, features, (n - 1) * 7, 7);
        if (n >= 4) Array.Copy(features, 7, features, 2 * 7, 7);
        var copied = Dataset.Classification(features, 7, data.Labels.ToArray(), null, DatasetProvenance.InMemory("planted"));

        int[] first = DatasetChecks.FirstOccurrences(copied);

        for (int j = 0; j < n; j++)
            Assert.Equal(Enumerable.Range(0, j + 1).First(i => copied.Row(i).SequenceEqual(copied.Row(j))), first[j]);
        Assert.Equal(0, first[n - 1]);
    }

    /// <summary>Random rows on a coarse grid (so some repeat by chance) plus explicit copies, with random labels 0-2.</summary>
    private static (Dataset Data, int[] Labels) PlantedDuplicates(ulong seed, int n, int d)
    {
        var rng = new Seed(seed).CreateRng();
        var features = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            if (i > 10 && rng.NextDouble() < 0.2)
                Array.Copy(features, rng.NextInt(i) * d, features, i * d, d);
            else
                for (int k = 0; k < d; k++) features[i * d + k] = rng.NextInt(4);
        }
        int[] labels = Enumerable.Range(0, n).Select(_ => rng.NextInt(3)).ToArray();
        return (Dataset.Classification(features, d, labels, null, DatasetProvenance.InMemory("planted")), labels);
    }
}
