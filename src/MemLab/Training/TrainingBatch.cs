namespace MemLab.Training;

/// <summary>One batch of a <see cref="BatchedTraining"/>: which jobs trained together and what memory they were given.</summary>
/// <param name="Jobs">Indices of the jobs, into the list given.</param>
/// <param name="TotalWidth">The sum of their widths: the columns of the shared first-layer product.</param>
/// <param name="Bytes">Their memory by <see cref="BatchedTraining.NetworkBytes"/>, plus <see cref="BatchedTraining.BatchBytes"/> once.</param>
/// <param name="Fused">True when the batch ran as one product per layer; false when its jobs were trained one by one
/// (minibatches, dropout or a time limit, which the fused loop does not take).</param>
public sealed record TrainingBatch(IReadOnlyList<int> Jobs, int TotalWidth, long Bytes, bool Fused);
