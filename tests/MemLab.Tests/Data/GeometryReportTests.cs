using System.Text.Json;
using MemLab.Data;
using MemLab.Data.Loaders;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Data;

public class GeometryReportTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    [Theory]
    [InlineData(150, 6, 3, 16)]
    [InlineData(97, 20, 2, 1024)]
    [InlineData(64, 1, 4, 5)]
    public void Describe_RandomData_MatchesBruteForce(int n, int d, int classes, int blockRows)
    {
        var rng = new Seed((ulong)(n * 1000 + d)).CreateRng();
        var features = new float[n * d];
        rng.FillGaussian(features);
        int[] labels = Enumerable.Range(0, n).Select(_ => rng.NextInt(classes)).ToArray();
        var data = Dataset.Classification(features, d, labels, null, DatasetProvenance.InMemory("random"));

        GeometryReport report = GeometryReport.Describe(data, Blas, blockRows);

        var expected = BruteForce(data);
        Assert.Equal(expected.Overall, (report.MinDistancePair, report.MinDistance));
        Assert.Equal(expected.BetweenClasses, (report.MinDistanceBetweenClassesPair, report.MinDistanceBetweenClasses));
        Assert.Equal(expected.MaxNorm, report.MaxNorm);
        Assert.Equal(n, report.SampleCount);
        Assert.Equal(d, report.FeatureCount);
        Assert.Equal(Enumerable.Range(0, data.ClassCount).Select(k => labels.Count(l => l == k)), report.ClassSizes.Select(s => s.Count));
        Assert.Equal(Math.Min(n - 1, d), report.NumericalRank);
    }

    [Fact]
    public void Describe_DuplicatesAndConflicts_CountsThemAndSkipsThemInDistances()
    {
        // Rows 0, 2 and 4 are one point (labels 0, 0, 1); row 3 repeats row 1 with the same label.
        float[] features = [0, 0, 3, 4, 0, 0, 3, 4, 0, 0, 1, 0];
        var data = Dataset.Classification(features, 2, [0, 1, 0, 1, 1, 1], null, DatasetProvenance.InMemory("dups"));

        GeometryReport report = GeometryReport.Describe(data, Blas);

        Assert.Equal(3, report.DuplicateCount);
        Assert.Equal(1, report.ConflictingDuplicateCount);
        Assert.Equal(1.0, report.MinDistance);
        Assert.Equal(new SamplePair(0, 5), report.MinDistancePair);
        Assert.Equal(1.0, report.MinDistanceBetweenClasses);
        Assert.Equal(new SamplePair(0, 5), report.MinDistanceBetweenClassesPair);
        Assert.Equal(5.0, report.MaxNorm);
    }

    [Fact]
    public void Describe_FarFromOriginNearTies_FindsExactClosestPair()
    {
        // A 12 x 12 grid of spacing 1 far from the origin, each point nudged by up to 1e-3: many pairs are
        // within rounding of the closest one, so only the exact recomputation can tell them apart.
        var rng = new Seed(5).CreateRng();
        var features = new List<float>();
        var labels = new List<int>();
        for (int a = 0; a < 12; a++)
            for (int b = 0; b < 12; b++)
            {
                features.Add((float)(1000 + a + 1e-3 * rng.NextDouble()));
                features.Add((float)(-2000 + b + 1e-3 * rng.NextDouble()));
                labels.Add((a + b) % 2);
            }
        var data = Dataset.Classification(features.ToArray(), 2, labels.ToArray(), null, DatasetProvenance.InMemory("grid"));

        GeometryReport report = GeometryReport.Describe(data, Blas, blockRows: 10);

        var expected = BruteForce(data);
        Assert.Equal(expected.Overall, (report.MinDistancePair, report.MinDistance));
        Assert.Equal(expected.BetweenClasses, (report.MinDistanceBetweenClassesPair, report.MinDistanceBetweenClasses));
    }

    [Fact]
    public void Describe_AnyThreadCount_SameReportAndProgressReachesOne()
    {
        var data = MemLab.Data.Generators.GaussianGenerator.Generate(700, 3, new Seed(11));
        var reports = new[] { 1, 2, 5 }.Select(threads =>
        {
            var fractions = new List<double>();
            var report = GeometryReport.Describe(data, new ManagedBlas(threads), blockRows: 64, new InlineProgress(fractions.Add));
            Assert.Equal(1.0, fractions[^1], 12);
            Assert.Equal(fractions.Order(), fractions);
            return report with { ClassSizes = [] };
        }).ToList();
        Assert.All(reports, report => Assert.Equal(reports[0], report));
        var expected = BruteForce(data);
        Assert.Equal(expected.Overall, (reports[0].MinDistancePair, reports[0].MinDistance));
    }

    /// <summary>Reports synchronously on the calling thread (unlike Progress&lt;T&gt;, which posts to a context).</summary>
    private sealed class InlineProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    [Fact]
    public void Describe_RealMnistSubset_MatchesBruteForce()
    {
        Dataset test = MnistLoader.Load(TestData.MnistDirectory, MnistSplit.Test);
        const int n = 1200;
        var data = Dataset.Classification(test.Features[..(n * 784)].ToArray(), 784, test.Labels[..n].ToArray(), test.ClassNames,
            DatasetProvenance.InMemory("first 1200 MNIST test images"));

        GeometryReport report = GeometryReport.Describe(data, Blas, blockRows: 512);

        var expected = BruteForce(data);
        Assert.Equal(expected.Overall, (report.MinDistancePair, report.MinDistance));
        Assert.Equal(expected.BetweenClasses, (report.MinDistanceBetweenClassesPair, report.MinDistanceBetweenClasses));
        Assert.Equal(10, report.ClassCount);
        Assert.True(report.NumericalRank < 784, $"MNIST's constant border pixels keep the rank below 784; got {report.NumericalRank}.");
    }

    [Fact]
    public void Describe_RealTargets_HasNoClassesAndNoBetweenClassDistance()
    {
        var data = Dataset.Regression([0, 0, 3, 4, 6, 8], 2, [0.5, 1.5, 2.5], DatasetProvenance.InMemory("line"));

        GeometryReport report = GeometryReport.Describe(data, Blas);

        Assert.Equal(0, report.ClassCount);
        Assert.Empty(report.ClassSizes);
        Assert.Null(report.MinDistanceBetweenClasses);
        Assert.Null(report.MinDistanceBetweenClassesPair);
        Assert.Equal(5.0, report.MinDistance);
        Assert.Equal(new SamplePair(0, 1), report.MinDistancePair);
        Assert.Equal(1, report.NumericalRank);
    }

    [Fact]
    public void Describe_AllPointsIdentical_HasNoMinimumDistance()
    {
        var data = Dataset.Classification([1, 2, 1, 2, 1, 2], 2, [0, 0, 0], null, DatasetProvenance.InMemory("same"));

        GeometryReport report = GeometryReport.Describe(data, Blas);

        Assert.Null(report.MinDistance);
        Assert.Null(report.MinDistancePair);
        Assert.Equal(2, report.DuplicateCount);
        Assert.Equal(0, report.NumericalRank);
    }

    [Fact]
    public void Describe_SerializedAsSnakeCaseJson_HasEveryFieldAndNullsForMissingValues()
    {
        var data = Dataset.Regression([0, 0, 3, 4], 2, [0.5, 1.5], DatasetProvenance.InMemory("two"));
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

        string json = JsonSerializer.Serialize(GeometryReport.Describe(data, Blas), options);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("min_distance_between_classes").ValueKind);
        Assert.Equal(5.0, root.GetProperty("min_distance").GetDouble());
        Assert.Equal(1, root.GetProperty("min_distance_pair").GetProperty("second").GetInt32());
        Assert.Equal(12, root.EnumerateObject().Count());
        var back = JsonSerializer.Deserialize<GeometryReport>(json, options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, options));
    }

    [Fact]
    public void Describe_ClassSizes_CarryNames()
    {
        var data = Dataset.Classification([0, 1, 2], 1, [1, 1, 0], ["cat", "dog"], DatasetProvenance.InMemory("pets"));

        GeometryReport report = GeometryReport.Describe(data, Blas);

        Assert.Equal([new ClassSize(0, "cat", 1), new ClassSize(1, "dog", 2)], report.ClassSizes);
    }

    /// <summary>O(N^2 d) float64 reference: closest distinct pair overall and between classes (smallest indices on ties), largest norm.</summary>
    private static ((SamplePair?, double?) Overall, (SamplePair?, double?) BetweenClasses, double MaxNorm) BruteForce(Dataset data)
    {
        (SamplePair?, double?) overall = (null, null), between = (null, null);
        double maxNorm = 0;
        for (int i = 0; i < data.SampleCount; i++)
        {
            maxNorm = Math.Max(maxNorm, Math.Sqrt(data.Row(i).ToArray().Sum(v => (double)v * v)));
            for (int j = i + 1; j < data.SampleCount; j++)
            {
                double sum = 0;
                for (int k = 0; k < data.FeatureCount; k++)
                {
                    double difference = (double)data.Row(i)[k] - data.Row(j)[k];
                    sum += difference * difference;
                }
                if (sum == 0) continue;
                double distance = Math.Sqrt(sum);
                if (overall.Item2 is null || distance < overall.Item2) overall = (new SamplePair(i, j), distance);
                if (data.Labels[i] != data.Labels[j] && (between.Item2 is null || distance < between.Item2))
                    between = (new SamplePair(i, j), distance);
            }
        }
        return (overall, between, maxNorm);
    }
}
