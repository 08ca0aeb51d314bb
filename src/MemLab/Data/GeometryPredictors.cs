using MemLab.Analysis;

namespace MemLab.Data;

/// <summary>
/// Properties of a dataset that may predict the width gradient descent needs to memorize it (the gap map): the
/// effective rank of its covariance, the condition number of the centred data, the smallest distance between points with different
/// labels, and the smallest eigenvalue of the infinite-width ReLU network's neural-tangent Gram matrix
/// (<see cref="NeuralTangentKernel"/>), whose positivity Du et al. (2019) and Arora et al. (2019) need for gradient
/// descent to fit the data and whose size sets their width requirement.
/// </summary>
/// <param name="EffectiveRank">The participation ratio (sum lambda)^2 / sum lambda^2 of the covariance eigenvalues lambda: d for isotropic data, 1 when one direction holds all the variance. Null when all points coincide.</param>
/// <param name="ConditionNumber">The condition number of the centred data matrix, sigma_max / sigma_min over its singular values above the numerical-rank threshold (<see cref="PrincipalComponents.NumericalRank"/>), so data on a subspace gives the condition number within it; the square root of the covariance's. The <c>anisotropic</c> generator's <c>cond</c> is this number. Null when all points coincide.</param>
/// <param name="MinDistanceBetweenLabels">The smallest distance between two distinct points with different labels (delta of <see cref="GeometryReport"/>); for real targets, where any two points differ in target, the smallest distance between distinct points. Null when no such pair exists.</param>
/// <param name="NtkSmallestEigenvalue">lambda_min of the neural-tangent Gram matrix on the points as stored.</param>
/// <param name="NtkExact">Whether <paramref name="NtkSmallestEigenvalue"/> is exact (N up to <see cref="NeuralTangentKernel.ExactLimit"/>); above, it is the value on a random subset of that many points, an upper bound.</param>
public sealed record GeometryPredictors(double? EffectiveRank, double? ConditionNumber, double? MinDistanceBetweenLabels, double NtkSmallestEigenvalue, bool NtkExact)
{
    /// <summary>Computes the predictors of <paramref name="data"/>, reusing its <paramref name="geometry"/> report for the distances.</summary>
    /// <param name="data">The dataset.</param>
    /// <param name="geometry">Its geometry report (<see cref="GeometryReport.Describe(Dataset, LinearAlgebra.IBlas, IProgress{double}?)"/>).</param>
    /// <param name="blas">The backend for the covariance, the Gram matrix and its eigenvalues.</param>
    /// <param name="seed">Draws the subset above <see cref="NeuralTangentKernel.ExactLimit"/> points.</param>
    public static GeometryPredictors Compute(Dataset data, GeometryReport geometry, LinearAlgebra.IBlas blas, Seed seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(blas);
        var pca = PrincipalComponents.Fit(data, blas);
        var spectrum = pca.Eigenvalues;
        double sum = spectrum.Sum(), sumOfSquares = spectrum.Sum(l => l * l);
        double? effectiveRank = sumOfSquares > 0 ? sum * sum / sumOfSquares : null;
        int rank = pca.NumericalRank;
        double? condition = rank > 0 ? pca.SingularValues[0] / pca.SingularValues[rank - 1] : null;
        double? delta = data.TargetKind == TargetKind.Classes ? geometry.MinDistanceBetweenClasses : geometry.MinDistance;
        var (ntk, exact) = NeuralTangentKernel.SmallestEigenvalue(data, blas, seed);
        return new GeometryPredictors(effectiveRank, condition, delta, ntk, exact);
    }
}
