using System.Globalization;
using MemLab.Constructions;
using MemLab.Data;
using MemLab.LinearAlgebra;
using MemLab.Networks;

namespace MemLab.Bench;

/// <summary>
/// "sparse": the nearest-centre network of an MNIST pair (adaptive radius, fraction 0.9; 3 vs 8 by default), whose
/// max-tree layers are <see cref="SparseLayer"/>s, verified in float64 on its training images, against the peer: the
/// same network with every layer stored dense (as memlab stored the tree before sparse layers), verified the same way.
/// Prints the stored parameters of both, wall and CPU seconds, the ratio, and whether the two reports agree.
/// Usage: sparse [CLASSES [THREADS]] (default 3-8 and all cores; OpenBLAS; MNIST from $MEMLAB_DATA)
/// </summary>
internal static class SparseBenchmark
{
    public static int Run(string[] args)
    {
        string classes = args.Length > 0 ? args[0] : "3-8";
        int threads = Environment.ProcessorCount;
        if (args.Length > 2 || (args.Length == 2 && !(int.TryParse(args[1], CultureInfo.InvariantCulture, out threads) && threads >= 1)))
        {
            Console.Error.WriteLine("sparse: usage: sparse [CLASSES [THREADS]], e.g. sparse 3-8 1");
            return 2;
        }
        IBlas blas = OpenBlas.Load(threads);
        Console.WriteLine($"sparse: nearest-centre network of MNIST {classes} (adaptive radius, fraction 0.9); {blas.Describe()}");

        var clock = new BenchClock();
        Dataset data = DatasetLoader.Load($"mnist:split=train,classes={classes}",
            new DataLoadContext(Environment.GetEnvironmentVariable("MEMLAB_DATA"), blas));
        clock.Print($"data ({data.SampleCount} images)");
        Network sparse = new NearestCentreConstruction(blas).Build(data, new NearestCentreOptions { Rule = RadiusRule.Adaptive, Fraction = 0.9 }, new Seed(0)).Network;
        clock.Print("construction and verification");
        Network dense = new(sparse.Layers.Select(Dense).ToList(), sparse.OutputRule, sparse.Provenance);
        clock.Print("dense copy of every layer");
        VerificationReport fromDense = Verification.Verify(dense, data, blas);
        var (denseWall, denseCpu) = clock.Print($"verification, dense layers (peer): {dense.ParameterCount:N0} stored parameters");
        VerificationReport fromSparse = Verification.Verify(sparse, data, blas);
        var (sparseWall, sparseCpu) = clock.Print($"verification, sparse tree layers: {sparse.ParameterCount:N0} stored parameters");
        Console.WriteLine($"sparse vs dense: {denseWall / sparseWall:F1}x wall, {denseCpu / sparseCpu:F1}x CPU, {(double)dense.ParameterCount / sparse.ParameterCount:F1}x fewer parameters; " +
            $"memorized {fromSparse.Memorized} vs {fromDense.Memorized}, failures {fromSparse.FailureCount} vs {fromDense.FailureCount}");
        return 0;
    }

    /// <summary>The layer with W stored in full.</summary>
    private static Layer Dense(Layer layer)
    {
        if (layer is not SparseLayer sparse) return layer;
        var weights = new double[(long)layer.OutputCount * layer.InputCount];
        for (int j = 0; j < layer.OutputCount; j++)
            for (int k = sparse.RowStarts[j]; k < sparse.RowStarts[j + 1]; k++)
                weights[(long)j * layer.InputCount + sparse.Columns[k]] = sparse.Values[k];
        return new DenseLayer(layer.InputCount, layer.OutputCount, weights, layer.Bias.ToArray(), layer.Activation);
    }
}
