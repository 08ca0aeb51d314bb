namespace MemLab.Constructions;

/// <summary>
/// The layers of a ReLU network whose output k is max over the centres c of class k of the score
/// s_c(x) = 2 c.x - |c|^2 = |x|^2 - |x - c|^2, so the largest output is the class of the nearest centre
/// (<see cref="NearestCentreConstruction"/>). The first layer is the affine score layer, dense: one unit per centre,
/// C x d weights (C centres in all). Above it each class has its own balanced tree of pairwise maxima,
/// max(a, b) = a + ReLU(b - a), with a passed on exactly as ReLU(a) - ReLU(-a): three ReLU units per pair, two for an
/// odd value out (and for a class whose tree is done while another's is not). Every value of a level is a linear
/// combination of at most three units of the layer below, so it folds into the next layer's weights, and every tree
/// unit reads at most six units: the tree layers and the affine output layer are <see cref="SparseLayer"/>s with
/// O(C) stored weights in all. Parameters: C (d + 1) + O(C), never C^2; see <see cref="ParameterCount"/>. Depth: the
/// score layer, ceil(log2 of the largest class's centre count) ReLU layers and the output layer (just the score layer,
/// with one unit per class, when every class has one centre).
/// </summary>
internal static class MaxTree
{
    private readonly record struct Term(int Unit, double Coefficient);

    /// <summary>Every stored weight and every bias of the network for inputs of dimension <paramref name="d"/>, counted without building it.</summary>
    public static long ParameterCount(int d, IReadOnlyList<int> centresPerClass)
    {
        int classes = centresPerClass.Count;
        if (centresPerClass.All(m => m == 1)) return (long)classes * (d + 1);
        int centres = centresPerClass.Sum();
        long total = (long)centres * (d + 1);
        // The number of terms of each value of each class: a score is one unit.
        var terms = centresPerClass.Select(m => Enumerable.Repeat(1L, m).ToArray()).ToArray();
        while (terms.Any(values => values.Length > 1))
        {
            for (int k = 0; k < classes; k++)
            {
                long[] values = terms[k];
                var next = new long[(values.Length + 1) / 2];
                for (int v = 0; v + 1 < values.Length; v += 2)
                {
                    total += 3 * values[v] + values[v + 1] + 3;
                    next[v / 2] = 3;
                }
                if (values.Length % 2 == 1)
                {
                    total += 2 * values[^1] + 2;
                    next[^1] = 2;
                }
                terms[k] = next;
            }
        }
        return total + terms.Sum(values => values[0]) + classes;
    }

    /// <summary>The layers for the given centres (sample indices of <paramref name="data"/>, per class).</summary>
    public static IReadOnlyList<Layer> Build(Dataset data, int[][] centres)
    {
        int d = data.FeatureCount, classes = centres.Length;
        bool single = centres.All(c => c.Length == 1);
        int[] scoreCentres = centres.SelectMany(c => c).ToArray();
        var scoreWeights = new double[(long)scoreCentres.Length * d];
        var scoreBias = new double[scoreCentres.Length];
        var origin = new float[d];
        for (int u = 0; u < scoreCentres.Length; u++)
        {
            ReadOnlySpan<float> centre = data.Row(scoreCentres[u]);
            for (int j = 0; j < d; j++) scoreWeights[(long)u * d + j] = 2.0 * centre[j];
            scoreBias[u] = -PointDistance.Squared(centre, origin);
        }
        var layers = new List<Layer> { new DenseLayer(d, scoreCentres.Length, scoreWeights, scoreBias, Activation.Identity) };
        if (single) return layers;

        // values[k][v]: value v of class k's current tree level, as a combination of the units of the last layer.
        var values = new Term[classes][][];
        for (int k = 0, unit = 0; k < classes; unit += centres[k].Length, k++)
            values[k] = Enumerable.Range(unit, centres[k].Length).Select(u => new[] { new Term(u, 1) }).ToArray();
        int inputs = scoreCentres.Length;
        while (values.Any(v => v.Length > 1))
        {
            var rows = new List<List<(int Column, double Value)>>();
            var next = new Term[classes][][];
            // Adds coefficient x (value v of class k) to the unit whose row is `row`.
            void Add(List<(int Column, double Value)> row, int k, int v, double coefficient) =>
                row.AddRange(values[k][v].Select(term => (term.Unit, coefficient * term.Coefficient)));
            for (int k = 0; k < classes; k++)
            {
                int m = values[k].Length;
                var produced = new List<Term[]>();
                for (int v = 0; v + 1 < m; v += 2)
                {
                    int unit = rows.Count;
                    List<(int, double)> a = [], minusA = [], difference = [];
                    Add(a, k, v, 1);
                    Add(minusA, k, v, -1);
                    Add(difference, k, v + 1, 1);
                    Add(difference, k, v, -1);
                    rows.AddRange([a, minusA, difference]);
                    produced.Add([new(unit, 1), new(unit + 1, -1), new(unit + 2, 1)]);
                }
                if (m % 2 == 1)
                {
                    int unit = rows.Count;
                    List<(int, double)> a = [], minusA = [];
                    Add(a, k, m - 1, 1);
                    Add(minusA, k, m - 1, -1);
                    rows.AddRange([a, minusA]);
                    produced.Add([new(unit, 1), new(unit + 1, -1)]);
                }
                next[k] = produced.ToArray();
            }
            layers.Add(SparseLayer.FromRows(inputs, rows, new double[rows.Count], Activation.Relu));
            values = next;
            inputs = rows.Count;
        }

        var outputRows = new List<List<(int Column, double Value)>>();
        for (int k = 0; k < classes; k++)
        {
            List<(int, double)> row = [];
            row.AddRange(values[k][0].Select(term => (term.Unit, term.Coefficient)));
            outputRows.Add(row);
        }
        layers.Add(SparseLayer.FromRows(inputs, outputRows, new double[classes], Activation.Identity));
        return layers;
    }
}
