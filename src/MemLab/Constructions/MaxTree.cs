namespace MemLab.Constructions;

/// <summary>
/// The layers of a ReLU network whose output k is max over the centres c of class k of the score
/// s_c(x) = 2 c.x - |c|^2 = |x|^2 - |x - c|^2, so the largest output is the class of the nearest centre
/// (<see cref="NearestCentreConstruction"/>). Each class has its own balanced tree of pairwise maxima,
/// max(a, b) = a + ReLU(b - a), with a passed on exactly as ReLU(a) - ReLU(-a): three ReLU units per pair, two for
/// an odd value out (and for a class whose tree is done while another's is not). Every value of a level is a linear
/// combination of the units of the layer below, so it folds into the next layer's weights; the score layer folds
/// into the first ReLU layer the same way (an affine map of an affine map), which saves a C x C layer. Depth:
/// ceil(log2 of the largest class's centre count) ReLU layers plus one affine output layer (just the affine score
/// layer when every class has one centre). Layers are dense, so a layer of width w after one of width w' has
/// w w' + w parameters, mostly zeros: about 1.5 C (d + 1) for the first layer and 1.5 C^2 for the tree above it
/// (C centres in all); see <see cref="ParameterCount"/>. Parameters linear in C would need sparse layers, which
/// <see cref="DenseLayer"/> is not; a narrow deep network streaming the centres (carrying x along as ReLU(x) - ReLU(-x),
/// 2d units per layer) is dense-only but costs more than the tree whenever C is below about 16 d, as on MNIST pairs.
/// </summary>
internal static class MaxTree
{
    private readonly record struct Term(int Unit, double Coefficient);

    /// <summary>The widths of the ReLU layers (not the output layer) for classes with these centre counts.</summary>
    public static IReadOnlyList<int> ReluWidths(IReadOnlyList<int> centresPerClass)
    {
        var counts = centresPerClass.ToArray();
        var widths = new List<int>();
        while (counts.Any(m => m > 1))
        {
            widths.Add(counts.Sum(m => m > 1 ? 3 * (m / 2) + 2 * (m % 2) : 2));
            for (int k = 0; k < counts.Length; k++) counts[k] = (counts[k] + 1) / 2;
        }
        return widths;
    }

    /// <summary>Every weight and bias of the network for inputs of dimension <paramref name="d"/>.</summary>
    public static long ParameterCount(int d, IReadOnlyList<int> centresPerClass)
    {
        long total = 0;
        int inputs = d;
        foreach (int width in ReluWidths(centresPerClass).Append(centresPerClass.Count))
        {
            total += ((long)inputs + 1) * width;
            inputs = width;
        }
        return total;
    }

    /// <summary>The layers for the given centres (sample indices of <paramref name="data"/>, per class).</summary>
    public static IReadOnlyList<DenseLayer> Build(Dataset data, int[][] centres)
    {
        int d = data.FeatureCount, classes = centres.Length;
        var layers = new List<DenseLayer>();
        var origin = new float[d];
        var scoreNorms = centres.Select(c => c.Select(i => CentreCover.SquaredDistance(data.Row(i), origin)).ToArray()).ToArray();
        Term[][][] values = [];
        int inputs = d;
        bool scores = true;

        // Adds coefficient x (value v of class k) to row `row` of the layer being built: a score is affine in the
        // input, a later value a combination of the units below.
        void Add(double[] weights, double[] bias, int row, int k, int v, double coefficient)
        {
            if (scores)
            {
                ReadOnlySpan<float> centre = data.Row(centres[k][v]);
                Span<double> target = weights.AsSpan(row * d, d);
                for (int j = 0; j < d; j++) target[j] += coefficient * 2.0 * centre[j];
                bias[row] -= coefficient * scoreNorms[k][v];
            }
            else
            {
                foreach (var term in values[k][v])
                    weights[(long)row * inputs + term.Unit] += coefficient * term.Coefficient;
            }
        }

        foreach (int width in ReluWidths(centres.Select(c => c.Length).ToArray()))
        {
            var weights = new double[(long)width * inputs];
            var bias = new double[width];
            var next = new Term[classes][][];
            int unit = 0;
            for (int k = 0; k < classes; k++)
            {
                int m = scores ? centres[k].Length : values[k].Length;
                var produced = new List<Term[]>();
                for (int v = 0; v + 1 < m; v += 2)
                {
                    Add(weights, bias, unit, k, v, 1);
                    Add(weights, bias, unit + 1, k, v, -1);
                    Add(weights, bias, unit + 2, k, v + 1, 1);
                    Add(weights, bias, unit + 2, k, v, -1);
                    produced.Add([new(unit, 1), new(unit + 1, -1), new(unit + 2, 1)]);
                    unit += 3;
                }
                if (m % 2 == 1)
                {
                    Add(weights, bias, unit, k, m - 1, 1);
                    Add(weights, bias, unit + 1, k, m - 1, -1);
                    produced.Add([new(unit, 1), new(unit + 1, -1)]);
                    unit += 2;
                }
                next[k] = produced.ToArray();
            }
            layers.Add(new DenseLayer(inputs, width, weights, bias, Activation.Relu));
            values = next;
            inputs = width;
            scores = false;
        }

        var outputWeights = new double[(long)classes * inputs];
        var outputBias = new double[classes];
        for (int k = 0; k < classes; k++) Add(outputWeights, outputBias, k, k, 0, 1);
        layers.Add(new DenseLayer(inputs, classes, outputWeights, outputBias, Activation.Identity));
        return layers;
    }
}
