using MemLab.LinearAlgebra;

namespace MemLab.Probes;

/// <summary>
/// Representation similarity across networks (Gu and Tresp 2019, "Neural network memorization dissection"; docs/algorithms.md
/// section 7): the linear CKA (<see cref="LinearCka"/>) between one hidden layer's outputs of each pair of networks on
/// the same points.
/// </summary>
public static class RepresentationSimilarity
{
    /// <summary>The CKA matrix of <paramref name="networks"/> at hidden layer <paramref name="layer"/> on <paramref name="data"/>.</summary>
    /// <exception cref="MemLabException">Fewer than two networks, networks with different input dimensions, a layer some network lacks, or data of another dimension.</exception>
    public static SimilarityReport Compare(IReadOnlyList<(string Name, Network Network)> networks, int layer, Dataset data, IBlas blas)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(data);
        if (networks.Count < 2)
            throw MemLabException.InvalidOptions($"Similarity compares networks with each other; got {networks.Count}. Give at least two model files.");
        var (firstName, first) = networks[0];
        foreach (var (name, network) in networks.Skip(1))
            if (network.InputCount != first.InputCount)
                throw MemLabException.InvalidData(
                    $"{name} takes {network.InputCount} inputs per point but {firstName} takes {first.InputCount}; CKA compares representations of the same points, so give networks built for the same data.");
        foreach (var (name, network) in networks) HiddenRepresentation.RequireLayer(network, layer, name);
        var representations = networks.Select(n => HiddenRepresentation.Of(n.Network, layer, data, blas)).ToArray();
        var widths = networks.Select(n => n.Network.Layers[layer - 1].OutputCount).ToArray();
        int count = networks.Count;
        var matrix = new double[count][];
        for (int i = 0; i < count; i++) matrix[i] = new double[count];
        for (int i = 0; i < count; i++)
        {
            matrix[i][i] = 1;
            for (int j = i + 1; j < count; j++)
                matrix[i][j] = matrix[j][i] = LinearCka.Similarity(representations[i], widths[i], representations[j], widths[j], blas);
        }
        return new SimilarityReport(networks.Select(n => n.Name).ToArray(), layer, widths, data.SampleCount, matrix);
    }
}
