using System.Security.Cryptography;
using System.Text;
using MemLab.Data;

namespace MemLab.Experiments;

/// <summary>
/// A sweep: one task run over a grid of parameters, each cell repeated with its own seed. Build it in code, or read
/// it from a JSON file (<see cref="Load"/>):
/// <code>
/// { "name": "moons-geometry", "task": "geometry", "data": "moons",
///   "grid": { "n": [100, 200], "noise": { "from": 0, "to": 0.2, "step": 0.1 } },
///   "repetitions": 5, "seed": 0, "metrics": ["delta", "rank"] }
/// </code>
/// Grid parameters that are keys of the data source are written into the data spec of each run; the others must be
/// parameters of the task. A grid value is a list, a single value, or a range <c>{ "from", "to", "step" }</c> or
/// <c>{ "from", "to", "count", "scale": "linear" | "log" }</c> (range values are rounded to 12 significant digits).
/// Run seeds are derived from the sweep seed, the cell key and the repetition (<see cref="Runs"/>), and unless the
/// data spec or the grid sets <c>seed</c>, each run's data seed is derived from its run seed.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>The most runs a sweep may have (10^8); split a larger one into several sweeps.</summary>
    internal const int MaxRuns = 100_000_000;

    /// <summary>The sweep's name (shown in results and reports). Required, not blank.</summary>
    public required string Name { get; init; }

    /// <summary>The spec's version, raised whenever a shipped spec changes. Default 1. Must be >= 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>One line saying what the sweep shows. Default empty. Not part of <see cref="Hash"/>.</summary>
    public string Description { get; init; } = "";

    /// <summary>The id of the task every run executes (see <see cref="SweepTasks"/>). Required.</summary>
    public required string Task { get; init; }

    /// <summary>The data spec every run starts from, for example <c>moons</c> or <c>moons:noise=0.1</c>; the grid adds keys to it. Required.</summary>
    public required string Data { get; init; }

    /// <summary>The grid's parameters; cells are their Cartesian product, the first parameter varying slowest. At least one.</summary>
    public required IReadOnlyList<SweepParameter> Grid { get; init; }

    /// <summary>Runs per cell, each with its own seed. Default 1. Must be >= 1.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>The sweep seed every run seed is derived from. Default 0.</summary>
    public Seed Seed { get; init; }

    /// <summary>The task metrics to record; empty (the default) records all of them.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];

    /// <summary>
    /// The figures the report draws, in order (see <see cref="SweepFigure"/>); empty (the default) draws the automatic
    /// ones. Not part of <see cref="Hash"/>: figures can change without invalidating recorded results.
    /// </summary>
    public IReadOnlyList<SweepFigure> Figures { get; init; } = [];

    /// <summary>The spec's identity: SHA-256 (hex) of its canonical JSON without the description and figures. Results databases are tied to it.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SweepSpecJson.Write(this, includeDescription: false))));

    /// <summary>Reads a sweep spec from a JSON file and validates it.</summary>
    /// <exception cref="MemLabException">The file is missing, is not valid JSON of the expected shape, or the spec is invalid (<see cref="Validate"/>).</exception>
    public static SweepSpec Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ExistingFile.Require(path, "Give the path of a sweep spec JSON file (see 'memlab reproduce --list' for shipped examples).");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads a sweep spec from JSON text and validates it; <paramref name="origin"/> (a path or name) prefixes error messages.</summary>
    /// <exception cref="MemLabException">The text is not valid JSON of the expected shape, or the spec is invalid (<see cref="Validate"/>).</exception>
    public static SweepSpec Parse(string json, string origin)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(origin);
        SweepSpec spec = SweepSpecJson.Read(json, origin);
        spec.Validate();
        return spec;
    }

    /// <summary>
    /// Checks the whole spec and reports every problem at once: a blank name, an unknown task or data source, an
    /// empty grid or parameter, a parameter that is neither a task parameter nor a data key (the message lists the
    /// valid names), a parameter given twice or also fixed in the data spec, fewer than one repetition, unknown
    /// metrics (the message lists the task's), and figures that name unknown parameters or metrics or leave a varying
    /// parameter unshown.
    /// </summary>
    /// <exception cref="MemLabException">The spec is invalid (kind <see cref="MemLabErrorKind.InvalidSpec"/>).</exception>
    public void Validate()
    {
        var problems = SweepSpecProblems.Of(this);
        if (problems.Count > 0)
            throw MemLabException.InvalidSpec($"Sweep spec '{Name}' is not valid: {string.Join(" ", problems)}");
    }

    /// <summary>The metrics each run records: <see cref="Metrics"/>, or all of the task's when that is empty.</summary>
    public IReadOnlyList<string> RecordedMetrics() => Metrics.Count > 0 ? Metrics : SweepTasks.Find(Task).Metrics;

    /// <summary>The number of cells: the product of the parameters' value counts.</summary>
    public int CellCount => (int)Grid.Aggregate(1L, (product, p) => product * p.Values.Count);

    /// <summary>The number of runs: cells times repetitions (at most 10^8, see <see cref="Validate"/>).</summary>
    public int RunCount => CellCount * Repetitions;

    /// <summary>The grid's cells in order: the Cartesian product of the parameters' values, the first parameter varying slowest.</summary>
    public IReadOnlyList<SweepCell> Cells() => Enumerable.Range(0, CellCount).Select(CellAt).ToArray();

    /// <summary>The cell at <paramref name="index"/> in grid order, computed from the index alone (the grid is never listed).</summary>
    public SweepCell CellAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CellCount);
        var values = new KeyValuePair<string, string>[Grid.Count];
        int rest = index;
        for (int depth = Grid.Count - 1; depth >= 0; depth--)
        {
            var parameter = Grid[depth];
            values[depth] = new KeyValuePair<string, string>(parameter.Name, parameter.Values[rest % parameter.Values.Count]);
            rest /= parameter.Values.Count;
        }
        return new SweepCell(index, values);
    }

    /// <summary>
    /// The run at <paramref name="ordinal"/> (cell by cell, repetitions within a cell), computed from the ordinal alone,
    /// so a sweep of any size is planned in constant memory. Run seed = sweep seed derived by the cell key
    /// (<see cref="SweepCell.Key"/>), then by the repetition, so a cell's runs do not depend on the rest of the grid.
    /// </summary>
    public SweepRun RunAt(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, RunCount);
        var cell = CellAt(ordinal / Repetitions);
        int repetition = ordinal % Repetitions;
        return new SweepRun(cell, repetition, SweepSeeds.Run(Seed, cell, repetition), ordinal);
    }

    /// <summary>Every run in order (see <see cref="RunAt"/>); for small sweeps and tests, as it lists them all.</summary>
    public IReadOnlyList<SweepRun> Runs() => Enumerable.Range(0, RunCount).Select(RunAt).ToArray();

    /// <summary>
    /// The data spec of <paramref name="run"/>: <see cref="Data"/> plus the cell's data keys, plus <c>seed=</c> when
    /// neither sets a seed: the sweep seed derived by the cell's data keys alone (in grid order), then by the repetition,
    /// then by "data". Cells that differ only in task parameters (the construction or model compared) therefore get the
    /// same points in each repetition; a grid without task parameters gets the run seed derived by "data".
    /// </summary>
    public string DataSpecFor(SweepRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var task = SweepTasks.Find(Task);
        DataSpec data = DataSpec.Parse(Data);
        var dataKeys = run.Cell.Parameters.Where(p => !task.Parameters.Contains(p.Key)).ToList();
        var entries = data.Entries.Concat(dataKeys).ToList();
        if (!entries.Any(e => e.Key == "seed"))
        {
            entries.Add(new KeyValuePair<string, string>("seed", SweepSeeds.Data(Seed, dataKeys, run.Repetition).ToString()));
        }
        return data.Source + ":" + string.Join(",", entries.Select(e => e.Key + "=" + e.Value));
    }

    /// <summary>The values of the task's own parameters in <paramref name="cell"/>.</summary>
    public IReadOnlyDictionary<string, string> TaskParametersFor(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var task = SweepTasks.Find(Task);
        return cell.Parameters.Where(p => task.Parameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>The spec as indented JSON, ranges expanded to value lists; <see cref="Parse"/> reads it back to an equal spec.</summary>
    public string ToJson() => SweepSpecJson.Write(this, includeDescription: true);
}
