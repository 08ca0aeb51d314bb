using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemLab.Experiments;

/// <summary>
/// The expansion of a grid range in a sweep spec, <c>{ "from", "to", "step" }</c> or
/// <c>{ "from", "to", "count", "scale": "linear" | "log" }</c>, into its values, each rounded to 12 significant digits
/// and written in the shortest round-trip form.
/// </summary>
internal static class SweepRange
{
    /// <summary>The values of <paramref name="range"/>, the range of grid parameter <paramref name="name"/> in <paramref name="origin"/>.</summary>
    /// <exception cref="MemLabException">(InvalidFile) an unknown key, a missing or non-finite bound, both or neither of step and count, a range going down, a log range from 0 or below, or more than <see cref="SweepSpec.MaxRuns"/> values.</exception>
    public static string[] Expand(JsonObject range, string name, string origin)
    {
        string[] keys = ["from", "to", "step", "count", "scale"];
        foreach (var (key, _) in range)
            if (!keys.Contains(key))
                throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' has an unknown key '{key}'; valid keys: {string.Join(", ", keys)}.");
        double from = Number(range, "from", name, origin), to = Number(range, "to", name, origin);
        bool log = range["scale"] is { } scale && SweepSpecJson.Text(scale, "scale", origin) switch
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
            if (steps >= SweepSpec.MaxRuns)
                throw MemLabException.InvalidFile(origin, $"the range of grid parameter '{name}' has more than {SweepSpec.MaxRuns} values; use a larger step.");
            count = (int)steps + 1;
            return Enumerable.Range(0, count).Select(i => Format(Round(from + i * step))).ToArray();
        }
        count = SweepSpecJson.Integer(range["count"]!, "count", origin);
        if (count < 1 || count > SweepSpec.MaxRuns)
            throw MemLabException.InvalidFile(origin,
                string.Create(CultureInfo.InvariantCulture, $"the range of grid parameter '{name}' has count {count}; it must be in [1, {SweepSpec.MaxRuns}]."));
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

    /// <summary>A value as a grid writes it: the shortest round-trip form.</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
