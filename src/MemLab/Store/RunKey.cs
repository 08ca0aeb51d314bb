namespace MemLab.Store;

/// <summary>Identifies one run within a sweep: the grid cell and the repetition. A store holds at most one record per key.</summary>
/// <param name="CellIndex">The cell's index in grid order.</param>
/// <param name="Repetition">The repetition within the cell.</param>
public readonly record struct RunKey(int CellIndex, int Repetition);
