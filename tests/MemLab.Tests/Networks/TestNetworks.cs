namespace MemLab.Tests.Networks;

/// <summary>Small networks and data for the Networks tests, and a deliberately naive reference forward pass.</summary>
internal static class TestNetworks
{
    /// <summary>
    /// XOR with threshold units: h1 = H(x1 + x2 - 0.5) (OR), h2 = H(x1 + x2 - 1.5) (AND), output
    /// o = h1 - h2 - 0.5 read by the Sign rule.
    /// </summary>
    public static Network Xor() => new(
        [
            new DenseLayer(2, 2, [1, 1, 1, 1], [-0.5, -1.5], Activation.Threshold),
            new DenseLayer(2, 1, [1, -1], [-0.5], Activation.Identity),
        ],
        OutputRule.Sign, NetworkProvenance.Manual("xor"));

    /// <summary>The four corners of the unit square, in the order (0,0), (0,1), (1,0), (1,1).</summary>
    public static float[] Corners() => [0, 0, 0, 1, 1, 0, 1, 1];

    public static Dataset Labelled(float[] features, int featureCount, int[] labels, int? classCount = null) =>
        Dataset.Classification(features, featureCount, labels,
            classCount is int k ? Enumerable.Range(0, k).Select(i => $"class {i}").ToArray() : null,
            DatasetProvenance.InMemory("test points"));

    public static Dataset Real(float[] features, int featureCount, double[] targets) =>
        Dataset.Regression(features, featureCount, targets, DatasetProvenance.InMemory("test points"));

    /// <summary>A network with Gaussian weights (scaled by 1/sqrt(fan-in)) and biases for the given layer sizes.</summary>
    public static Network Random(Seed seed, int[] sizes, Activation hidden, Activation last, OutputRule rule)
    {
        Rng rng = seed.CreateRng();
        var layers = new List<DenseLayer>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            var weights = new double[sizes[l] * sizes[l + 1]];
            var bias = new double[sizes[l + 1]];
            rng.FillGaussian(weights, 0, 1 / Math.Sqrt(sizes[l]));
            rng.FillGaussian(bias, 0, 0.5);
            layers.Add(new DenseLayer(sizes[l], sizes[l + 1], weights, bias, l + 2 == sizes.Length ? last : hidden));
        }
        return new Network(layers, rule, NetworkProvenance.Manual("random test network"));
    }

    /// <summary>
    /// Random layers of the given sizes twice: as <see cref="SparseLayer"/>s storing each weight with probability
    /// <paramref name="density"/> (Gaussian, scaled by 1/sqrt(fan-in); rows may be empty), and as the
    /// <see cref="DenseLayer"/>s with the same W, zeros included.
    /// </summary>
    public static (Network Sparse, Network Dense) RandomSparse(Seed seed, int[] sizes, double density, Activation hidden, Activation last, OutputRule rule)
    {
        Rng rng = seed.CreateRng();
        var sparse = new List<Layer>();
        var dense = new List<Layer>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            int inputs = sizes[l], outputs = sizes[l + 1];
            var weights = new double[inputs * outputs];
            var rows = new List<(int Column, double Value)[]>();
            for (int j = 0; j < outputs; j++)
            {
                var row = new List<(int Column, double Value)>();
                for (int k = 0; k < inputs; k++)
                {
                    if (rng.NextDouble() >= density) continue;
                    double w = rng.NextGaussian() / Math.Sqrt(density * inputs);
                    weights[j * inputs + k] = w;
                    row.Add((k, w));
                }
                rows.Add(row.ToArray());
            }
            var bias = new double[outputs];
            rng.FillGaussian(bias, 0, 0.5);
            Activation activation = l + 2 == sizes.Length ? last : hidden;
            sparse.Add(SparseLayer.FromRows(inputs, rows, (double[])bias.Clone(), activation));
            dense.Add(new DenseLayer(inputs, outputs, weights, bias, activation));
        }
        return (new Network(sparse, rule, NetworkProvenance.Manual("random sparse test network")),
            new Network(dense, rule, NetworkProvenance.Manual("random sparse test network, dense")));
    }

    /// <summary>N x d uniform [-1, 1) floats.</summary>
    public static float[] RandomInputs(Seed seed, int count, int dimension)
    {
        Rng rng = seed.CreateRng();
        var values = new float[count * dimension];
        for (int i = 0; i < values.Length; i++) values[i] = (float)rng.Uniform(-1, 1);
        return values;
    }

    /// <summary>W of any layer as a full row-major OutputCount x InputCount matrix (a sparse layer's missing entries are 0).</summary>
    public static double[] DenseWeights(Layer layer)
    {
        if (layer is DenseLayer dense) return dense.Weights.ToArray();
        var sparse = (SparseLayer)layer;
        var weights = new double[layer.OutputCount * layer.InputCount];
        for (int j = 0; j < layer.OutputCount; j++)
            for (int k = sparse.RowStarts[j]; k < sparse.RowStarts[j + 1]; k++)
                weights[j * layer.InputCount + sparse.Columns[k]] = sparse.Values[k];
        return weights;
    }

    /// <summary>One point through the network, one multiply-add at a time in float64: the reference the fast paths are checked against.</summary>
    public static double[] NaiveForward(Network network, ReadOnlySpan<float> point)
    {
        double[] a = new double[point.Length];
        for (int k = 0; k < point.Length; k++) a[k] = point[k];
        foreach (Layer layer in network.Layers)
        {
            double[] weights = DenseWeights(layer);
            var next = new double[layer.OutputCount];
            for (int u = 0; u < layer.OutputCount; u++)
            {
                double t = layer.Bias[u];
                for (int k = 0; k < layer.InputCount; k++) t += weights[u * layer.InputCount + k] * a[k];
                next[u] = layer.Activation switch
                {
                    Activation.Threshold => t > 0 ? 1 : 0,
                    Activation.Relu => t > 0 ? t : 0,
                    _ => t,
                };
            }
            a = next;
        }
        return a;
    }
}
