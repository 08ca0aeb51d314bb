using MemLab.LinearAlgebra;

namespace MemLab.Probes;

/// <summary>
/// Linear centred kernel alignment (Kornblith, Norouzi, Lee, Hinton 2019, "Similarity of neural network
/// representations revisited", ICML, equation for linear CKA in feature form): for representations X (n x p) and
/// Y (n x q) of the same n points with centred columns, CKA = ||Y^T X||_F^2 / (||X^T X||_F ||Y^T Y||_F). It is 1 for
/// identical representations, invariant to orthogonal transforms and isotropic scaling of either side, and near 0 for
/// independent ones. Computed in float64, the three cross products by DGEMM.
/// </summary>
public static class LinearCka
{
    /// <summary>Linear CKA of <paramref name="x"/> (n x <paramref name="p"/>) and <paramref name="y"/> (n x <paramref name="q"/>), both row-major.</summary>
    /// <exception cref="MemLabException">(InvalidData) the two do not describe the same number of points, or a representation is constant over the points (CKA is undefined).</exception>
    public static double Similarity(ReadOnlySpan<double> x, int p, ReadOnlySpan<double> y, int q, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(blas);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(p);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(q);
        if (x.Length % p != 0 || y.Length % q != 0 || x.Length / p != y.Length / q)
            throw MemLabException.InvalidData($"CKA compares representations of the same points, but one has {x.Length / p} rows and the other {y.Length / q}; evaluate both on the same data.");
        int n = x.Length / p;
        double[] cx = Centred(x, n, p), cy = Centred(y, n, q);
        double cross = SquaredNorm(Gram(cy, q, cx, p, n, blas));
        double selfX = Math.Sqrt(SquaredNorm(Gram(cx, p, cx, p, n, blas)));
        double selfY = Math.Sqrt(SquaredNorm(Gram(cy, q, cy, q, n, blas)));
        if (selfX == 0 || selfY == 0)
            throw MemLabException.InvalidData("A representation is the same for every point (every unit constant), so CKA is undefined; probe a layer whose units vary over the data.");
        return cross / (selfX * selfY);
    }

    /// <summary>A copy of the n x p matrix with each column's mean subtracted.</summary>
    private static double[] Centred(ReadOnlySpan<double> values, int n, int p)
    {
        var result = values.ToArray();
        var mean = new double[p];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) mean[j] += result[i * p + j];
        for (int j = 0; j < p; j++) mean[j] /= n;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) result[i * p + j] -= mean[j];
        return result;
    }

    /// <summary>A^T B for A (n x a) and B (n x b): a x b.</summary>
    private static double[] Gram(double[] a, int aColumns, double[] b, int bColumns, int n, IBlas blas)
    {
        var result = new double[aColumns * bColumns];
        blas.Dgemm(Transpose.Yes, Transpose.No, aColumns, bColumns, n, 1, a, aColumns, b, bColumns, 0, result, bColumns);
        return result;
    }

    private static double SquaredNorm(double[] values)
    {
        double sum = 0;
        foreach (double v in values) sum += v * v;
        return sum;
    }
}
