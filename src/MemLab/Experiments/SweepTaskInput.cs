using MemLab.LinearAlgebra;

namespace MemLab.Experiments;

/// <summary>Everything one run of an <see cref="ISweepTask"/> receives.</summary>
/// <param name="Data">The run's dataset, loaded from the sweep's data spec with the cell's data keys and the run's data seed.</param>
/// <param name="Parameters">The values of the task's own parameters in this cell (data keys are already in <paramref name="Data"/>).</param>
/// <param name="Seed">The task's seed for this run, derived from the run seed.</param>
/// <param name="Blas">The backend; sweeps give each run one thread.</param>
/// <param name="DataContext">Where the run's data was loaded from, for tasks that load related data (a held-out part); null when not given.</param>
public sealed record SweepTaskInput(Dataset Data, IReadOnlyDictionary<string, string> Parameters, Seed Seed, IBlas Blas,
    MemLab.Data.DataLoadContext? DataContext = null);
