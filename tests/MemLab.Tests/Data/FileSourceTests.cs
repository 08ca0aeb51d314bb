using System.Runtime.InteropServices;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Data;

/// <summary>The file sources of data specs (mnist, cifar10, csv, npy) and the pca step, through <see cref="DatasetLoader"/>.</summary>
public class FileSourceTests
{
    private static readonly IBlas Blas = new ManagedBlas(1);

    [Fact]
    public void Npy_WithLabelFile_LoadsFeaturesAndLabels()
    {
        using var folder = new TempDirectory();
        NpyLoaderTests.WriteNpy(folder.File("x.npy"), "<f4", [3, 2], MemoryMarshal.AsBytes<float>([1, 2, 3, 4, 5, 6]).ToArray());
        NpyLoaderTests.WriteNpy(folder.File("y.npy"), "<i4", [3], MemoryMarshal.AsBytes<int>([1, 0, 1]).ToArray());
        var data = DatasetLoader.Load($"npy:path={folder.File("x.npy")},label-file={folder.File("y.npy")}", new DataLoadContext(null, Blas));
        Assert.Equal(new float[] { 3, 4 }, data.Row(1).ToArray());
        Assert.Equal(new[] { 1, 0, 1 }, data.Labels.ToArray());
    }

    [Fact]
    public void Npy_LabelTransformKeyStillMeansLabelTransform()
    {
        using var folder = new TempDirectory();
        NpyLoaderTests.WriteNpy(folder.File("x.npy"), "<f4", [4, 2], MemoryMarshal.AsBytes<float>([1, 2, 3, 4, 5, 6, 7, 8]).ToArray());
        NpyLoaderTests.WriteNpy(folder.File("y.npy"), "<i4", [4], MemoryMarshal.AsBytes<int>([0, 0, 0, 0]).ToArray());
        var data = DatasetLoader.Load($"npy:path={folder.File("x.npy")},label-file={folder.File("y.npy")},labels=random:3,seed=1",
            new DataLoadContext(null, Blas));
        Assert.Equal(3, data.ClassCount);
    }

    [Fact]
    public void Csv_RelativePath_ResolvedInsideDataFolder()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("points.csv"), "a,b,y\n0,1,0\n1,0,1\n");
        var data = DatasetLoader.Load("csv:path=points.csv,label=y", new DataLoadContext(folder.Path, Blas));
        Assert.Equal(2, data.SampleCount);
        Assert.Equal("csv:path=points.csv,label=y", data.Provenance.Spec);
    }

    [Fact]
    public void Csv_LabelByIndex_UsesThatColumn()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("points.csv"), "7,0.5,0.25\n3,1.5,2.5\n");
        var data = DatasetLoader.Load($"csv:path={folder.File("points.csv")},label=0,header=absent", new DataLoadContext(null, Blas));
        Assert.Equal(new float[] { 1.5f, 2.5f }, data.Row(1).ToArray());
        Assert.Equal(2, data.SampleCount);
    }

    [Fact]
    public void Csv_MissingPathKey_SaysItIsRequired()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("csv:label=y", new DataLoadContext(null, Blas)));
        Assert.Equal(MemLabErrorKind.InvalidSpec, error.Kind);
        Assert.Contains("'path' is required", error.Message);
    }

    [Fact]
    public void Mnist_NoDataFolder_SaysHowToConfigureOne()
    {
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("mnist:split=test", new DataLoadContext(null, Blas)));
        Assert.Contains("--data-dir", error.Message);
        Assert.Contains("MEMLAB_DATA", error.Message);
    }

    [Fact]
    public void Mnist_MissingFolder_FileNotFound()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<MemLabException>(() => DatasetLoader.Load("mnist", new DataLoadContext(folder.Path, Blas)));
        Assert.Equal(MemLabErrorKind.FileNotFound, error.Kind);
    }

    [Fact]
    public void Cifar10_ThroughSpec_ReadsBatchAndSelectsClasses()
    {
        using var folder = new TempDirectory();
        string batches = Path.Combine(folder.Path, "cifar-10-batches-bin");
        Directory.CreateDirectory(batches);
        // Three records labelled 2, 5, 2; pixel bytes equal to the record number.
        var bytes = new byte[3 * 3073];
        byte[] labels = [2, 5, 2];
        for (int r = 0; r < 3; r++)
        {
            bytes[r * 3073] = labels[r];
            Array.Fill(bytes, (byte)(r + 1), r * 3073 + 1, 3072);
        }
        File.WriteAllBytes(Path.Combine(batches, "test_batch.bin"), bytes);
        var data = DatasetLoader.Load("cifar10:split=test,pixels=raw,classes=2", new DataLoadContext(folder.Path, Blas));
        Assert.Equal(2, data.SampleCount);
        Assert.Equal(3072, data.FeatureCount);
        Assert.Equal(3f, data.Row(1)[0]);
    }

    [Fact]
    public void Pca_DataOnAPlaneInThreeDimensions_ProjectsToTwoCoordinatesKeepingDistances()
    {
        var data = DatasetLoader.Load("subspace:n=50,d=3,r=2,seed=4,pca=true", new DataLoadContext(null, Blas));
        var original = DatasetLoader.Load("subspace:n=50,d=3,r=2,seed=4", new DataLoadContext(null, Blas));
        Assert.Equal(2, data.FeatureCount);
        double Distance(Dataset d, int i, int j) => Math.Sqrt(Enumerable.Range(0, d.FeatureCount).Sum(k => Math.Pow(d.Row(i)[k] - d.Row(j)[k], 2)));
        for (int i = 1; i < 50; i += 7)
            Assert.Equal(Distance(original, 0, i), Distance(data, 0, i), 4);
    }
}
