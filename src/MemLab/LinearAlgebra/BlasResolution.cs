namespace MemLab.LinearAlgebra;

/// <summary>The backend <see cref="BlasBackend.Resolve"/> picked, and why it fell back to the managed one if it did.</summary>
/// <param name="Blas">The backend to use.</param>
/// <param name="FallbackReason">
/// Null when the choice was honoured as asked; for <see cref="BlasChoice.Auto"/> without OpenBLAS, why it could not be
/// loaded and how to install it (say it once to the user, and store it with the results).
/// </param>
public sealed record BlasResolution(IBlas Blas, string? FallbackReason);
