using MemLab.Data;
using MemLab.LinearAlgebra;

namespace MemLab.Experiments;

/// <summary>
/// Everything one run of an <see cref="ISweepTask"/> receives. The run's dataset is loaded on first use of
/// <see cref="Data"/>, so a task that works on other data (the gap task with a geometry) never loads it.
/// </summary>
/// <param name="DataSpec">The run's data spec: the sweep's data spec with the cell's data keys and the run's data seed.</param>
/// <param name="LoadedData">Loads the dataset <paramref name="DataSpec"/> names, at most once.</param>
/// <param name="Parameters">The values of the task's own parameters in this cell (data keys are already in the data spec).</param>
/// <param name="Seed">The task's seed for this run, derived from the run seed.</param>
/// <param name="Blas">The backend; sweeps give each run one thread.</param>
public sealed record SweepTaskInput(string DataSpec, Lazy<Dataset> LoadedData, IReadOnlyDictionary<string, string> Parameters, Seed Seed, IBlas Blas)
{
    /// <summary>An input whose dataset is already loaded; its data spec is the dataset's provenance spec.</summary>
    public SweepTaskInput(Dataset data, IReadOnlyDictionary<string, string> parameters, Seed seed, IBlas blas)
        : this(data?.Provenance.Spec ?? throw new ArgumentNullException(nameof(data)), new Lazy<Dataset>(data), parameters, seed, blas)
    {
    }

    /// <summary>The run's dataset, loaded from <see cref="DataSpec"/> on first use.</summary>
    public Dataset Data => LoadedData.Value;

    /// <summary>Where the run's data was loaded from; tasks that load more data (a held-out test set) load it the same way. Null when the caller gives none.</summary>
    public DataLoadContext? DataContext { get; init; }
}
