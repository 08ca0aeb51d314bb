namespace MemLab.Constructions;

/// <summary>The second-layer neurons chosen for one class and the points of that class nobody covers.</summary>
/// <param name="Neurons">The chosen candidates as (point index, m), in the order they were chosen.</param>
/// <param name="Uncovered">Indices of the class's points no chosen neuron covers (each has m = 0), ascending.</param>
/// <param name="Scored">How many candidates had their m computed exactly.</param>
internal sealed record ClassCover(IReadOnlyList<(int Index, double M)> Neurons, int[] Uncovered, long Scored);
