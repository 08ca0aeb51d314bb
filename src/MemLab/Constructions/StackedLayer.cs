namespace MemLab.Constructions;

/// <summary>
/// What one hidden layer from the third on does in a <see cref="VershyninConstruction"/> network (Theorem 7.2
/// stacking): it carries the code forward (or, when too narrow to carry it and host a pair, re-enriches it into a
/// narrower code), ORs the pairs of the layer before into one accumulator unit, and hosts mirror-perceptron pairs.
/// </summary>
/// <param name="Layer">The hidden layer, 1-based (3 .. L).</param>
/// <param name="Width">Its number of units.</param>
/// <param name="CodeWidth">Units carrying the code to the next layer (0 in the last hidden layer).</param>
/// <param name="ReEnriched">True when the layer re-enriches the code instead of copying it (a bottleneck).</param>
/// <param name="Pairs">Mirror-perceptron pairs it hosts (two units each).</param>
/// <param name="Connections">Weights into its pairs (2 x pairs x the width of the code they read): the share of the
/// deep connections the batches are distributed by.</param>
/// <param name="Points">Points of the memorized class assigned to its pairs.</param>
/// <param name="Batches">Pairs that received a batch (the others are idle).</param>
/// <param name="PredictedBatchSize">The practical batch size bound r / (12 ln(2 N J)) for the code width r the pairs read
/// and J pairs in all (docs/algorithms.md section 2, item 3), next to the largest batch used.</param>
/// <param name="LargestBatch">The largest batch of the layer.</param>
public sealed record StackedLayer(int Layer, int Width, int CodeWidth, bool ReEnriched, int Pairs, long Connections, int Points,
    int Batches, double PredictedBatchSize, int LargestBatch);
