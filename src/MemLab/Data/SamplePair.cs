namespace MemLab.Data;

/// <summary>Two sample indices of one dataset, with <see cref="First"/> &lt; <see cref="Second"/>.</summary>
/// <param name="First">The smaller index.</param>
/// <param name="Second">The larger index.</param>
public readonly record struct SamplePair(int First, int Second);
