using MemLab.LinearAlgebra;

namespace MemLab.Tests.LinearAlgebra;

/// <summary>
/// The <see cref="IBlas"/> contract, run for every backend that loads here: GEMM against a plain triple loop in
/// float64, over all transposes, strided operands, alpha and beta, and degenerate and block-crossing shapes.
/// </summary>
[Collection(TestBackends.OpenBlasCollection)]
public class IBlasTests
{
    // (m, n, k): empty, single-element, vector-like, odd, and larger than the managed kernel's tiles and blocks
    // (MR = 4, NR = 16/8, MC = 64, NC = 256, KC = 256), so that every edge path runs.
    private static readonly (int M, int N, int K)[] Shapes =
        [(0, 3, 2), (3, 0, 2), (2, 3, 0), (1, 1, 1), (1, 7, 5), (6, 1, 9), (5, 3, 1), (13, 17, 19), (67, 35, 300), (9, 261, 7)];

    private static readonly (double Alpha, double Beta)[] Scalars = [(1, 0), (-0.5, 2), (0, -1.5), (0.75, 1)];

    // Padding beyond the columns of each row; the gaps in C must come back untouched.
    private static readonly int[] Paddings = [0, 3];

    private const double Sentinel = 777;

    public static TheoryData<string, Transpose, Transpose> BackendsAndTransposes()
    {
        var data = new TheoryData<string, Transpose, Transpose>();
        foreach (string backend in TestBackends.Names())
            foreach (Transpose transA in Enum.GetValues<Transpose>())
                foreach (Transpose transB in Enum.GetValues<Transpose>())
                    data.Add(backend, transA, transB);
        return data;
    }

    public static TheoryData<string> Backends() => [.. TestBackends.Names()];

    [Theory]
    [MemberData(nameof(BackendsAndTransposes))]
    public void Sgemm_AllShapesStridesAndScalars_MatchFloat64Reference(string backend, Transpose transA, Transpose transB) =>
        CheckAgainstReference(TestBackends.Create(backend), transA, transB, single: true);

    [Theory]
    [MemberData(nameof(BackendsAndTransposes))]
    public void Dgemm_AllShapesStridesAndScalars_MatchFloat64Reference(string backend, Transpose transA, Transpose transB) =>
        CheckAgainstReference(TestBackends.Create(backend), transA, transB, single: false);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sgemm_BetaZero_IgnoresNaNInC(string backend)
    {
        float[] a = [1, 2, 3, 4, 5, 6];        // 2 x 3
        float[] b = [1, 0, 0, 1, 1, 1];        // 3 x 2
        float[] c = [float.NaN, float.NaN, float.NaN, float.NaN];
        TestBackends.Create(backend).Sgemm(Transpose.No, Transpose.No, 2, 2, 3, 2f, a, 3, b, 2, 0f, c, 2);
        // By hand: A B = [[1+3, 2+3], [4+6, 5+6]] = [[4, 5], [10, 11]], times alpha = 2.
        Assert.Equal([8f, 10f, 20f, 22f], c);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sgemm_AlphaZero_ScalesCWithoutReadingAOrB(string backend)
    {
        // 2 x 2 block of a 2 x 3 C (stride 3): the third column stays as it was.
        float[] a = [float.NaN, float.NaN, float.NaN, float.NaN];  // 2 x 2
        float[] b = [float.NaN, float.NaN, float.NaN, float.NaN];  // 2 x 2
        float[] c = [1, 2, 7, 3, 4, 9];
        TestBackends.Create(backend).Sgemm(Transpose.No, Transpose.No, 2, 2, 2, 0f, a, 2, b, 2, 0.5f, c, 3);
        Assert.Equal([0.5f, 1f, 7f, 1.5f, 2f, 9f], c);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Dgemm_AlphaZero_ScalesCWithoutReadingAOrB(string backend)
    {
        double[] a = [double.NaN, double.NaN];  // 1 x 2
        double[] b = [double.NaN, double.NaN];  // 2 x 1
        double[] c = [3];
        TestBackends.Create(backend).Dgemm(Transpose.No, Transpose.No, 1, 1, 2, 0.0, a, 2, b, 1, -2.0, c, 1);
        Assert.Equal([-6.0], c);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sgemm_SameInputsTwice_BitIdentical(string backend)
    {
        IBlas blas = TestBackends.Create(backend);
        (int m, int n, int k) = (70, 45, 300);
        float[] a = RandomSingles(m * k, 1), b = RandomSingles(k * n, 2);
        float[] first = new float[m * n], second = new float[m * n];
        blas.Sgemm(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, first, n);
        blas.Sgemm(Transpose.No, Transpose.Yes, m, n, k, 1f, a, k, b, k, 0f, second, n);
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sgemm_StrideOfASmallerThanItsColumns_ThrowsNamingTheStride(string backend)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            TestBackends.Create(backend).Sgemm(Transpose.No, Transpose.No, 2, 2, 3, 1f, new float[6], 2, new float[6], 2, 0f, new float[4], 2));
        Assert.Contains("stride 2 of A", e.Message);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Dgemm_StrideOfTransposedBSmallerThanItsColumns_ThrowsNamingTheStride(string backend)
    {
        // B^T is used, so B is stored n x k = 2 x 3 and needs a stride of at least 3.
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            TestBackends.Create(backend).Dgemm(Transpose.No, Transpose.Yes, 2, 2, 3, 1, new double[6], 3, new double[6], 2, 0, new double[4], 2));
        Assert.Contains("stride 2 of B", e.Message);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Sgemm_CShorterThanShapeAndStride_ThrowsNamingLengths(string backend)
    {
        // C is 2 x 2 with stride 3: it needs (2 - 1) * 3 + 2 = 5 values.
        var e = Assert.Throws<ArgumentException>(() =>
            TestBackends.Create(backend).Sgemm(Transpose.No, Transpose.No, 2, 2, 1, 1f, new float[2], 1, new float[2], 2, 0f, new float[4], 3));
        Assert.Contains("C holds 4 values", e.Message);
        Assert.Contains("needs 5", e.Message);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Dgemm_NegativeRowCount_ThrowsArgumentOutOfRange(string backend)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TestBackends.Create(backend).Dgemm(Transpose.No, Transpose.No, -1, 2, 2, 1, new double[4], 2, new double[4], 2, 0, new double[4], 2));
        Assert.Contains("-1", e.Message);
    }

    /// <summary>
    /// Runs every shape, scalar pair and padding through <paramref name="blas"/> and checks each element of C against
    /// the float64 triple loop within the worst-case rounding bound of a length-k sum, (k + 2) u (|alpha| sum |a b| + |beta c|)
    /// with u the unit roundoff, which holds for any summation order and for FMA; the padding must be untouched.
    /// </summary>
    private static void CheckAgainstReference(IBlas blas, Transpose transA, Transpose transB, bool single)
    {
        double unitRoundoff = single ? Math.Pow(2, -24) : Math.Pow(2, -53);
        int seed = 0;
        foreach ((int m, int n, int k) in Shapes)
            foreach ((double alpha, double beta) in Scalars)
                foreach (int pad in Paddings)
                {
                    var a = Operand.Random(transA == Transpose.No ? m : k, transA == Transpose.No ? k : m, pad, single, ++seed);
                    var b = Operand.Random(transB == Transpose.No ? k : n, transB == Transpose.No ? n : k, pad, single, ++seed);
                    var c = Operand.Random(m, n, pad, single, ++seed);
                    double[] got = single
                        ? Run32(blas, transA, transB, m, n, k, alpha, a, b, beta, c)
                        : Run64(blas, transA, transB, m, n, k, alpha, a, b, beta, c);
                    string where = $"{blas.Name} {transA}/{transB} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad}";
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            double sum = 0, magnitude = 0;
                            for (int p = 0; p < k; p++)
                            {
                                double product = a.At(i, p, transA) * b.At(p, j, transB);
                                sum += product;
                                magnitude += Math.Abs(product);
                            }
                            double c0 = c.Values[i * c.Stride + j];
                            double expected = alpha * sum + beta * c0;
                            double bound = (k + 2) * unitRoundoff * (Math.Abs(alpha) * magnitude + Math.Abs(beta * c0));
                            double actual = got[i * c.Stride + j];
                            Assert.True(Math.Abs(actual - expected) <= bound, $"{where}: C[{i},{j}] = {actual}, expected {expected} +- {bound}");
                        }
                    for (int index = 0; index < got.Length; index++)
                        if (index % c.Stride >= n)
                            Assert.True(got[index] == Sentinel, $"{where}: padding C[{index}] changed to {got[index]}");
                }
    }

    private static double[] Run32(IBlas blas, Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        Operand a, Operand b, double beta, Operand c)
    {
        float[] result = Array.ConvertAll(c.Values, v => (float)v);
        blas.Sgemm(transA, transB, m, n, k, (float)alpha, Array.ConvertAll(a.Values, v => (float)v), a.Stride,
            Array.ConvertAll(b.Values, v => (float)v), b.Stride, (float)beta, result, c.Stride);
        return Array.ConvertAll(result, v => (double)v);
    }

    private static double[] Run64(IBlas blas, Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        Operand a, Operand b, double beta, Operand c)
    {
        double[] result = (double[])c.Values.Clone();
        blas.Dgemm(transA, transB, m, n, k, alpha, a.Values, a.Stride, b.Values, b.Stride, beta, result, c.Stride);
        return result;
    }

    private static float[] RandomSingles(int count, ulong seed)
    {
        var rng = new Seed(seed).CreateRng();
        var values = new float[count];
        rng.FillGaussian(values);
        return values;
    }

    /// <summary>A stored rows x columns matrix with row stride columns + padding; the padding holds <see cref="Sentinel"/>.</summary>
    private sealed record Operand(double[] Values, int Stride)
    {
        public static Operand Random(int rows, int columns, int padding, bool single, int seed)
        {
            int stride = Math.Max(1, columns + padding);
            var rng = new Seed((ulong)seed).CreateRng();
            var values = new double[rows * stride];
            for (int index = 0; index < values.Length; index++)
            {
                // For sgemm the values are rounded to float32 here, so the reference uses exactly the numbers the backend sees.
                double value = rng.Uniform(-1, 1);
                values[index] = index % stride < columns ? (single ? (float)value : value) : Sentinel;
            }
            return new Operand(values, stride);
        }

        /// <summary>op(X)[row, column], where op transposes when <paramref name="transpose"/> says so.</summary>
        public double At(int row, int column, Transpose transpose) =>
            transpose == Transpose.No ? Values[row * Stride + column] : Values[column * Stride + row];
    }
}
