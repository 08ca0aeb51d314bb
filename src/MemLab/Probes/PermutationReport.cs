namespace MemLab.Probes;

/// <summary>The outcome of <see cref="PermutationTest.Run(Network, Dataset, Dataset, PermutationOptions, Seed, LinearAlgebra.IBlas)"/> for one network.</summary>
/// <param name="Layer">The hidden layer probed.</param>
/// <param name="Width">Its number of units (the feature count of the shallow classifier).</param>
/// <param name="Permutations">B.</param>
/// <param name="TrainScore">Training accuracy of the true-label fit (how much of the labels a linear read-out of the layer recovers).</param>
/// <param name="NoiseScale">The per-coordinate standard deviation of the shared-structure perturbations.</param>
/// <param name="HeldOut">The test on the held-out set.</param>
/// <param name="SharedStructure">The test on the shared-structure set.</param>
public sealed record PermutationReport(int Layer, int Width, int Permutations, double TrainScore, double NoiseScale,
    ProbeSetResult HeldOut, ProbeSetResult SharedStructure);
