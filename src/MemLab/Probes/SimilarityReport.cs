namespace MemLab.Probes;

/// <summary>The linear CKA between every pair of several networks' representations of the same points (<see cref="RepresentationSimilarity"/>).</summary>
/// <param name="Names">The networks, in the order of the matrix rows and columns.</param>
/// <param name="Layer">The hidden layer compared (1 = the first).</param>
/// <param name="Widths">Each network's width at that layer.</param>
/// <param name="SampleCount">The number of points the representations were taken on.</param>
/// <param name="Matrix">Matrix[i][j] = CKA of networks i and j: symmetric, 1 on the diagonal.</param>
public sealed record SimilarityReport(IReadOnlyList<string> Names, int Layer, IReadOnlyList<int> Widths, int SampleCount, IReadOnlyList<IReadOnlyList<double>> Matrix);
