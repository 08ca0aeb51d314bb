using MemLab.LinearAlgebra;

namespace MemLab.Constructions;

/// <summary>
/// Real inner products for ReLU first layers: &lt;U(x_c), Phi(x_t)&gt; with Phi(x) = ReLU(W x + b) and U(x_c) the 0/1
/// indicator of the units off at x_c, computed as GEMMs of a candidate block of U rows against chunks of gathered
/// Phi rows through <see cref="IBlas"/> (which does its own threading). Memory: N x n float64 features plus one chunk.
/// </summary>
internal sealed class ReluProducts : IInnerProducts
{
    private const int ChunkRows = 1024;
    private readonly IBlas _blas;
    private readonly double[] _features;
    private readonly BitCodeProducts _codes;
    private readonly int _width;

    /// <param name="blas">The GEMM backend.</param>
    /// <param name="features">N x n values of Phi, row-major.</param>
    /// <param name="codes">The same points' on/off codes (which units are positive).</param>
    /// <param name="width">n.</param>
    public ReluProducts(IBlas blas, double[] features, BitCodeProducts codes, int width)
    {
        _blas = blas;
        _features = features;
        _codes = codes;
        _width = width;
    }

    public int Count => _codes.Count;

    public int OnCount(int index) => _codes.OnCount(index);

    public void Min(int[] candidates, int[] targets, double[] min)
    {
        Array.Fill(min, double.PositiveInfinity, 0, candidates.Length);
        ForEachChunk(candidates, targets, (products, first, rows) =>
        {
            for (int i = 0; i < candidates.Length; i++)
                for (int j = 0; j < rows; j++)
                    min[i] = Math.Min(min[i], products[i * rows + j]);
        });
    }

    public void Below(int[] candidates, double[] thresholds, int[] targets, bool[] below)
    {
        int count = targets.Length;
        ForEachChunk(candidates, targets, (products, first, rows) =>
        {
            for (int i = 0; i < candidates.Length; i++)
                for (int j = 0; j < rows; j++)
                    below[i * count + first + j] = products[i * rows + j] < thresholds[i];
        });
    }

    public void CountBelow(int[] candidates, double[] thresholds, int[] targets, int[] counts)
    {
        Array.Clear(counts, 0, candidates.Length);
        ForEachChunk(candidates, targets, (products, first, rows) =>
        {
            for (int i = 0; i < candidates.Length; i++)
                for (int j = 0; j < rows; j++)
                    if (products[i * rows + j] < thresholds[i]) counts[i]++;
        });
    }

    /// <summary>Calls <paramref name="use"/> with the candidates x chunk products for each chunk of targets, in order.</summary>
    private void ForEachChunk(int[] candidates, int[] targets, Action<double[], int, int> use)
    {
        int n = _width;
        var off = new double[candidates.Length * n];
        for (int i = 0; i < candidates.Length; i++)
        {
            ReadOnlySpan<ulong> code = _codes.Code(candidates[i]);
            for (int u = 0; u < n; u++)
                off[i * n + u] = (code[u >> 6] >> (u & 63) & 1) == 0 ? 1.0 : 0.0;
        }
        var gathered = new double[Math.Min(ChunkRows, targets.Length) * n];
        var products = new double[candidates.Length * Math.Min(ChunkRows, targets.Length)];
        for (int first = 0; first < targets.Length; first += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, targets.Length - first);
            for (int j = 0; j < rows; j++)
                _features.AsSpan(targets[first + j] * n, n).CopyTo(gathered.AsSpan(j * n, n));
            _blas.Dgemm(Transpose.No, Transpose.Yes, candidates.Length, rows, n, 1.0, off, n, gathered, n, 0.0, products, rows);
            use(products, first, rows);
        }
    }
}
