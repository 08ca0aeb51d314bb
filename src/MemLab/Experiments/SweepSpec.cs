using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private const int MaxRuns = 100_000_000;

    private static readonly string[] TopLevelKeys = ["name", "version", "description", "task", "data", "grid", "repetitions", "seed", "metrics", "figures"];

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

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
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(includeDescription: false))));

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
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: ReadOptions) as JsonObject
                ?? throw MemLabException.InvalidFile(origin, "is not a JSON object; a sweep spec is { \"name\": ..., \"task\": ..., \"data\": ..., \"grid\": { ... } }.");
        }
        catch (JsonException error)
        {
            throw MemLabException.InvalidFile(origin, $"is not valid JSON ({error.Message}); fix the syntax at that position.", error);
        }
        foreach (var (key, _) in root)
            if (!TopLevelKeys.Contains(key))
                throw MemLabException.InvalidFile(origin, $"has an unknown key '{key}'; valid keys: {string.Join(", ", TopLevelKeys)}.");
        var spec = new SweepSpec
        {
            Name = RequiredString(root, "name", origin),
            Version = root["version"] is { } version ? Integer(version, "version", origin) : 1,
            Description = root["description"] is { } description ? Text(description, "description", origin) : "",
            Task = RequiredString(root, "task", origin),
            Data = RequiredString(root, "data", origin),
            Grid = root["grid"] is JsonObject grid
                ? grid.Select(entry => new SweepParameter(entry.Key, Values(entry.Value, entry.Key, origin))).ToArray()
                : throw MemLabException.InvalidFile(origin,
                    "needs \"grid\": an object from parameter names to value lists, for example \"grid\": { \"n\": [100, 200] }."),
            Repetitions = root["repetitions"] is { } repetitions ? Integer(repetitions, "repetitions", origin) : 1,
            Seed = root["seed"] is { } seed ? new Seed(SeedValue(seed, origin)) : new Seed(0),
            Metrics = root["metrics"] is { } metrics ? Strings(metrics, "metrics", origin) : [],
            Figures = root["figures"] is { } figures ? SweepFigures.Parse(figures, origin) : [],
        };
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
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add("The name is blank; give the sweep a name.");
        if (Version < 1) problems.Add($"The version is {Version}; it must be >= 1.");
        if (Repetitions < 1) problems.Add($"Repetitions is {Repetitions}; it must be >= 1.");
        ISweepTask? task = SweepTasks.All.FirstOrDefault(t => t.Id == Task);
        if (task is null)
            problems.Add($"Unknown task '{Task}'; valid tasks: {string.Join(", ", SweepTasks.All.Select(t => t.Id))}.");
        DataSpec data = DataSpec.Parse(Data);
        IReadOnlyList<string>? dataKeys = DatasetLoader.SourceNames.Contains(data.Source) ? DatasetLoader.ValidKeys(data.Source) : null;
        if (dataKeys is null)
            problems.Add($"Unknown data source '{data.Source}' in data '{Data}'; valid sources: {string.Join(", ", DatasetLoader.SourceNames)}.");

        if (Grid.Count == 0)
            problems.Add("The grid is empty; give at least one parameter with at least one value, for example \"grid\": { \"n\": [100, 200] }.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in Grid)
        {
            if (!seen.Add(parameter.Name))
                problems.Add($"Grid parameter '{parameter.Name}' appears twice; keep one.");
            if (parameter.Values.Count == 0)
                problems.Add($"Grid parameter '{parameter.Name}' has no values; give at least one.");
            if (data.Contains(parameter.Name))
                problems.Add($"Grid parameter '{parameter.Name}' is also fixed in data '{Data}'; remove it from one of them.");
            if ((task?.Parameters.Contains(parameter.Name) ?? false) && (dataKeys?.Contains(parameter.Name) ?? false))
                problems.Add($"Grid parameter '{parameter.Name}' is both a parameter of task {task!.Id} and a data key of source '{data.Source}', " +
                    "so the grid cannot say which it sets; the task's parameter must be renamed (a memlab bug: please report it).");
            bool known = (task?.Parameters.Contains(parameter.Name) ?? true) || (dataKeys?.Contains(parameter.Name) ?? true);
            if (!known)
                problems.Add($"Unknown grid parameter '{parameter.Name}'; valid names: {string.Join(", ", ValidParameters(task!, data.Source, dataKeys!))}.");
        }
        if (task is not null)
        {
            foreach (string metric in Metrics.Where(m => !task.Metrics.Contains(m)))
                problems.Add($"Unknown metric '{metric}'; task {task.Id} records: {string.Join(", ", task.Metrics)}.");
            foreach (string metric in Metrics.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key))
                problems.Add($"Metric '{metric}' is listed twice; keep one.");
        }
        if (task is not null)
            problems.AddRange(SweepFigures.Problems(this, RecordedMetrics()));
        long runs = Grid.Aggregate((long)Repetitions, (product, p) => Math.Min(product * p.Values.Count, (long)MaxRuns + 1));
        if (problems.Count == 0 && runs > MaxRuns)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"The sweep has more than {MaxRuns} runs; split it into several sweeps."));
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
        return new SweepRun(cell, repetition, Seed.Derive(cell.Key).Derive(repetition), ordinal);
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
            string dataKey = string.Join(",", dataKeys.Select(p => p.Key + "=" + p.Value));
            entries.Add(new KeyValuePair<string, string>("seed", Seed.Derive(dataKey).Derive(run.Repetition).Derive("data").ToString()));
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
    public string ToJson() => Canonical(includeDescription: true);

    private string Canonical(bool includeDescription)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("name", Name);
            json.WriteNumber("version", Version);
            if (includeDescription) json.WriteString("description", Description);
            json.WriteString("task", Task);
            json.WriteString("data", Data);
            json.WriteStartObject("grid");
            foreach (var parameter in Grid)
            {
                json.WriteStartArray(parameter.Name);
                foreach (string value in parameter.Values) json.WriteStringValue(value);
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteNumber("repetitions", Repetitions);
            json.WriteNumber("seed", Seed.Value);
            json.WriteStartArray("metrics");
            foreach (string metric in Metrics) json.WriteStringValue(metric);
            json.WriteEndArray();
            if (includeDescription && Figures.Count > 0) SweepFigures.Write(json, Figures);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<string> ValidParameters(ISweepTask task, string source, IReadOnlyList<string> dataKeys) =>
        task.Parameters.Select(p => $"{p} (task {task.Id})").Concat(dataKeys.Select(k => $"{k} (data {source})"));

    private static string RequiredString(JsonObject root, string key, string origin) =>
        root[key] is { } node
            ? Text(node, key, origin)
            : throw MemLabException.InvalidFile(origin, $"has no \"{key}\"; a sweep spec needs \"name\", \"task\", \"data\" and \"grid\".");

    private static string Text(JsonNode node, string key, string origin) =>
        node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw MemLabException.InvalidFile(origin, $"\"{key}\" is {node.ToJsonString()}; it must be a string.");

    private static int Integer(JsonNode node, string key, string origin) =>
        node.GetValueKind() == JsonValueKind.Number && int.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw MemLabException.InvalidFile(origin, $"\"{key}\" is {node.ToJsonString()}; it must be an integer.");

    private static ulong SeedValue(JsonNode node, string origin) =>
        node.GetValueKind() == JsonValueKind.Number && ulong.TryParse(node.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw MemLabException.InvalidFile(origin,
                string.Create(CultureInfo.InvariantCulture, $"\"seed\" is {node.ToJsonString()}; it must be an integer in [0, {ulong.MaxValue}]."));

    private static string[] Strings(JsonNode node, string key, string origin) =>
        node is JsonArray array && array.All(item => item?.GetValueKind() == JsonValueKind.String)
            ? array.Select(item => item!.GetValue<string>()).ToArray()
            : throw MemLabException.InvalidFile(origin, $"\"{key}\" is {node.ToJsonString()}; it must be a list of strings.");

    private static string[] Values(JsonNode? node, string name, string origin) => node switch
    {
        JsonArray array => array.Select(item => Scalar(item, name, origin)).ToArray(),
        JsonObject range => Range(range, name, origin),
        _ => [Scalar(node, name, origin)],
    };

    internal static string Scalar(JsonNode? node, string name, string origin)
    {
        JsonValueKind kind = node?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.String) return node!.GetValue<string>();
        if (kind == JsonValueKind.Number)
        {
            string raw = node!.ToJsonString();
            return raw.AsSpan().IndexOfAny(".eE") < 0 ? raw : Format(node.GetValue<double>());
        }
        if (kind is JsonValueKind.True or JsonValueKind.False) return kind == JsonValueKind.True ? "true" : "false";
        throw MemLabException.InvalidFile(origin,
            $"grid parameter '{name}' has the value {node?.ToJsonString() ?? "null"}; values must be numbers, strings or booleans.");
    }

    private static string[] Range(JsonObject range, string name, string origin)
    {
        string[] keys = ["from", "to", "step", "count", "scale"];
        foreach (var (key, _) in range)
            if (!keys.Contains(key))
                throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' has an unknown key '{key}'; valid keys: {string.Join(", ", keys)}.");
        double from = Number(range, "from", name, origin), to = Number(range, "to", name, origin);
        bool log = range["scale"] is { } scale && Text(scale, "scale", origin) switch
        {
            "linear" => false,
            "log" => true,
            var other => throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' has scale '{other}'; use linear or log."),
        };
        if (range.ContainsKey("step") == range.ContainsKey("count"))
            throw MemLabException.InvalidFile(origin,
                $"the range of grid parameter '{name}' needs exactly one of \"step\" and \"count\", for example {{ \"from\": 0, \"to\": 1, \"step\": 0.25 }}.");
        if (to < from)
            throw MemLabException.InvalidFile(origin,
                string.Create(CultureInfo.InvariantCulture, $"the range of grid parameter '{name}' goes from {from} down to {to}; give \"from\" <= \"to\"."));
        if (log && from <= 0)
            throw MemLabException.InvalidFile(origin,
                string.Create(CultureInfo.InvariantCulture, $"the log range of grid parameter '{name}' starts at {from}; a log scale needs \"from\" > 0."));
        int count;
        if (range.ContainsKey("step"))
        {
            if (log)
                throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' has a step and a log scale; use \"count\" with a log scale.");
            double step = Number(range, "step", name, origin);
            if (!(step > 0))
                throw MemLabException.InvalidFile(origin,
                    string.Create(CultureInfo.InvariantCulture, $"the range of grid parameter '{name}' has step {step}; the step must be > 0."));
            double steps = Math.Floor((to - from) / step * (1 + 1e-12) + 1e-9);
            if (steps >= MaxRuns)
                throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' has more than {MaxRuns} values; use a larger step.");
            count = (int)steps + 1;
            return Enumerable.Range(0, count).Select(i => Format(Round(from + i * step))).ToArray();
        }
        count = Integer(range["count"]!, "count", origin);
        if (count < 1 || count > MaxRuns)
            throw MemLabException.InvalidFile(origin,
                string.Create(CultureInfo.InvariantCulture, $"the range of grid parameter '{name}' has count {count}; it must be in [1, {MaxRuns}]."));
        return Enumerable.Range(0, count).Select(i =>
        {
            double t = count == 1 ? 0 : (double)i / (count - 1);
            return Format(Round(log ? from * Math.Pow(to / from, t) : from + (to - from) * t));
        }).ToArray();
    }

    private static double Number(JsonObject range, string key, string name, string origin) =>
        range[key] is { } node && node.GetValueKind() == JsonValueKind.Number && double.IsFinite(node.GetValue<double>())
            ? node.GetValue<double>()
            : throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' needs a finite number \"{key}\"; got {range[key]?.ToJsonString() ?? "nothing"}.");

    private static double Round(double value) => double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
