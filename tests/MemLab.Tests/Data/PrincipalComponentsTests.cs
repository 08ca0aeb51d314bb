using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.Data;

public class PrincipalComponentsTests
{
    private static readonly IBlas Blas = new ManagedBlas(2);

    [Theory]
    [InlineData(200, 12, 4)]
    [InlineData(50, 30, 1)]
    [InlineData(40, 8, 8)]
    [InlineData(25, 60, 24)]
    [InlineData(40, 300, 10)]
    public void Fit_PointsOnRandomAffineSubspace_RankIsSubspaceDimension(int n, int d, int r)
    {
        Dataset data = AffineSubspace(seed: (ulong)(n + d + r), n, d, r);

        var pca = PrincipalComponents.Fit(data, Blas, blockRows: 7);

        Assert.Equal(r, pca.NumericalRank);
        Assert.Equal(r, PrincipalComponents.NumericalRankOf(data, Blas));
    }

    [Theory]
    [InlineData(30, 5)]
    [InlineData(300, 150)]
    [InlineData(12, 40)]
    [InlineData(40, 40)]
    public void Fit_RandomData_EigenpairsOfBruteForceCovariance(int sampleCount, int featureCount)
    {
        Dataset data = AffineSubspace(seed: 3, sampleCount, featureCount, featureCount);
        int n = data.SampleCount, d = data.FeatureCount;
        var mean = new double[d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) mean[k] += data.Row(i)[k] / (double)n;
        var covariance = new double[d, d];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < d; b++)
                    covariance[a, b] += (data.Row(i)[a] - mean[a]) * (data.Row(i)[b] - mean[b]) / (n - 1);

        var pca = PrincipalComponents.Fit(data, Blas);

        for (int k = 0; k < d; k++) Assert.Equal(mean[k], pca.Mean[k], 1e-9);
        double tolerance = 1e-10 * pca.Eigenvalues[0] * d;
        Assert.Equal(Enumerable.Range(0, d).Sum(a => covariance[a, a]), pca.Eigenvalues.Sum(), tolerance);
        // N <= d goes through the N x N Gram matrix: the N - 1 components of non-zero variance, the rest 0.
        if (n <= d) Assert.Equal(n - 1, pca.NumericalRank);
        Assert.True(pca.ComponentCount >= pca.NumericalRank);
        for (int c = Math.Min(n, d); c < d; c++) Assert.Equal(0.0, pca.Eigenvalues[c], tolerance);
        for (int c = 0; c < Math.Min(pca.ComponentCount, n - 1); c++)
        {
            if (c > 0) Assert.True(pca.Eigenvalues[c] <= pca.Eigenvalues[c - 1]);
            ReadOnlySpan<double> v = pca.Component(c);
            Assert.Equal(1.0, Math.Sqrt(v.ToArray().Sum(x => x * x)), 1e-12);
            for (int a = 0; a < d; a++)
            {
                double cv = 0;
                for (int b = 0; b < d; b++) cv += covariance[a, b] * v[b];
                Assert.Equal(pca.Eigenvalues[c] * v[a], cv, tolerance);
            }
            Assert.True(v.ToArray().MaxBy(Math.Abs) > 0, "the largest entry of each component is positive");
        }
    }

    [Fact]
    public void Project_ComponentsEqualRank_PreservesPairwiseDistances()
    {
        Dataset data = AffineSubspace(seed: 9, n: 60, d: 20, r: 6);
        var pca = PrincipalComponents.Fit(data, Blas);

        Dataset projected = pca.Project(data, pca.NumericalRank);

        Assert.Equal(6, projected.FeatureCount);
        for (int i = 0; i < data.SampleCount; i++)
            for (int j = i + 1; j < data.SampleCount; j++)
            {
                double original = Distance(data.Row(i), data.Row(j));
                Assert.Equal(original, Distance(projected.Row(i), projected.Row(j)), 1e-4 * Math.Max(1, original));
            }
    }

    [Fact]
    public void Project_KeepsLabelsAndExtendsProvenance()
    {
        Dataset source = AffineSubspace(seed: 4, n: 10, d: 3, r: 2);
        var data = Dataset.Classification(source.Features.ToArray(), 3, [0, 1, 2, 0, 1, 2, 0, 1, 2, 0], ["a", "b", "c"],
            new DatasetProvenance("spec", "ten points"));

        Dataset projected = PrincipalComponents.Fit(data, Blas).Project(data, 2);

        Assert.Equal(data.Labels.ToArray(), projected.Labels.ToArray());
        Assert.Equal(["a", "b", "c"], projected.ClassNames);
        Assert.Equal("spec", projected.Provenance.Spec);
        Assert.StartsWith("ten points; projected onto its top 2 principal components", projected.Provenance.Description);
    }

    [Fact]
    public void Project_RealTargets_KeepsTargets()
    {
        var data = Dataset.Regression([0, 0, 1, 1, 2, 2], 2, [0.5, 1.5, 2.5], DatasetProvenance.InMemory("line"));

        Dataset projected = PrincipalComponents.Fit(data, Blas).Project(data, 1);

        Assert.Equal([0.5, 1.5, 2.5], projected.Targets.ToArray());
        Assert.Equal((float)Math.Sqrt(2), projected.Row(2)[0] - projected.Row(1)[0], 1e-6f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Project_ComponentCountOutOfRange_ThrowsInvalidOptionsWithValue(int components)
    {
        Dataset data = AffineSubspace(seed: 1, n: 10, d: 3, r: 3);
        var pca = PrincipalComponents.Fit(data, Blas);

        var error = Assert.Throws<MemLabException>(() => pca.Project(data, components));

        Assert.Equal(MemLabErrorKind.InvalidOptions, error.Kind);
        Assert.Contains($"got {components}", error.Message);
    }

    [Fact]
    public void Project_OtherFeatureCount_ThrowsInvalidDataWithBothCounts()
    {
        var pca = PrincipalComponents.Fit(AffineSubspace(seed: 1, n: 10, d: 3, r: 3), Blas);

        var error = Assert.Throws<MemLabException>(() => pca.Project(AffineSubspace(seed: 2, n: 10, d: 4, r: 3), 2));

        Assert.Equal(MemLabErrorKind.InvalidData, error.Kind);
        Assert.Contains("has 4 features", error.Message);
        Assert.Contains("fitted on 3", error.Message);
    }

    [Fact]
    public void Fit_SinglePoint_HasRankZeroAndZeroVariance()
    {
        var data = Dataset.Classification([1, 2, 3], 3, [0], null, DatasetProvenance.InMemory("one"));

        var pca = PrincipalComponents.Fit(data, Blas);

        Assert.Equal(0, pca.NumericalRank);
        Assert.All(pca.Eigenvalues, value => Assert.Equal(0.0, value));
    }

    /// <summary>n points c + A z with a random offset c (norm about 3 sqrt(d)), a random d x r matrix A and Gaussian z.</summary>
    private static Dataset AffineSubspace(ulong seed, int n, int d, int r)
    {
        var rng = new Seed(seed).CreateRng();
        var offset = new double[d];
        rng.FillGaussian(offset, stddev: 3);
        var basis = new double[d * r];
        rng.FillGaussian(basis);
        var z = new double[r];
        var features = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            rng.FillGaussian(z);
            for (int k = 0; k < d; k++)
            {
                double value = offset[k];
                for (int j = 0; j < r; j++) value += basis[k * r + j] * z[j];
                features[i * d + k] = (float)value;
            }
        }
        return Dataset.Classification(features, d, new int[n], null, DatasetProvenance.InMemory("affine subspace"));
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int k = 0; k < a.Length; k++) sum += ((double)a[k] - b[k]) * ((double)a[k] - b[k]);
        return Math.Sqrt(sum);
    }
}
