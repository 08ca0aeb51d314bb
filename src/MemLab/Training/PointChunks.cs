using MemLab.LinearAlgebra;

namespace MemLab.Training;

/// <summary>
/// The order of every sum over training points in the trainers (gradients of weights and biases): the points are
/// taken in chunks of <see cref="Size"/>, each chunk is summed in order from zero, and the chunk sums are added to a
/// zeroed total in order. It is the order in which the managed GEMM sums a product over its inner dimension (its
/// k-slices), so a gradient product and a gradient sum written out follow one rule. The batched trainer
/// (<see cref="NetworkBatch"/>) computes a chunk's sums while that chunk's activations are in cache and adds them up
/// afterwards; the one-network trainer sums the same way, so the two agree bit for bit on the managed backend.
/// </summary>
internal static class PointChunks
{
    /// <summary>Points per chunk: the managed GEMM's k-slice.</summary>
    public const int Size = ManagedBlas.KC;

    /// <summary>The chunks of <paramref name="points"/> points (the last one may be shorter).</summary>
    public static int Count(int points) => (points + Size - 1) / Size;
}
