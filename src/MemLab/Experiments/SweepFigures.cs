using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemLab.Experiments;

/// <summary>Reads, checks and writes the <c>"figures"</c> list of a sweep spec (<see cref="SweepFigure"/>).</summary>
internal static class SweepFigures
{
    private static readonly string[] Keys = ["kind", "x", "rows", "y", "series", "where", "contour", "contour_of", "log"];

    /// <summary>The figures of a spec's <c>"figures"</c> array.</summary>
    /// <exception cref="MemLabException">The array or an entry is malformed; the message names the entry and the key.</exception>
    public static IReadOnlyList<SweepFigure> Parse(JsonNode node, string origin)
    {
        if (node is not JsonArray array)
            throw MemLabException.InvalidFile(origin, $"\"figures\" is {node.ToJsonString()}; it must be a list of figure objects such as {{ \"kind\": \"line\", \"x\": \"n\", \"y\": \"memorized\" }}.");
        var figures = new List<SweepFigure>();
        for (int i = 0; i < array.Count; i++)
        {
            string where = $"figure {i + 1}";
            if (array[i] is not JsonObject figure)
                throw MemLabException.InvalidFile(origin, $"{where} is {array[i]?.ToJsonString() ?? "null"}; each figure is an object with \"kind\" and \"x\".");
            foreach (var (key, _) in figure)
                if (!Keys.Contains(key))
                    throw MemLabException.InvalidFile(origin, $"{where} has an unknown key '{key}'; valid keys: {string.Join(", ", Keys)}.");
            string kind = Text(figure, "kind", where, origin) ?? throw MemLabException.InvalidFile(origin, $"{where} has no \"kind\"; use {KindWords}.");
            figures.Add(new SweepFigure
            {
                Kind = Kind(kind) ?? throw MemLabException.InvalidFile(origin, $"{where} has kind '{kind}'; use {KindWords}."),
                X = Text(figure, "x", where, origin) ?? throw MemLabException.InvalidFile(origin, $"{where} has no \"x\"; name the grid parameter on the x axis."),
                Rows = Text(figure, "rows", where, origin),
                Y = Text(figure, "y", where, origin) ?? SweepFigure.SuccessRate,
                Series = Text(figure, "series", where, origin),
                Where = figure["where"] is { } filters ? Filters(filters, where, origin) : [],
                Contour = figure["contour"] is { } contour ? Level(contour, where, origin) : null,
                ContourOf = Text(figure, "contour_of", where, origin),
                Log = figure["log"] is { } log ? Flag(log, where, origin) : false,
            });
        }
        return figures;
    }

    /// <summary>The word of a figure kind in a spec: <c>line</c>, <c>heatmap</c>, <c>scatter</c>.</summary>
    public static string Word(FigureKind kind) => kind.ToString().ToLowerInvariant();

    private static FigureKind? Kind(string word) => Enum.GetValues<FigureKind>().Cast<FigureKind?>().FirstOrDefault(kind => Word(kind!.Value) == word);

    private static string KindWords => string.Join(", ", Enum.GetValues<FigureKind>().Select(k => $"\"{Word(k)}\""));

    /// <summary>Every problem of <paramref name="spec"/>'s figures against its grid and <paramref name="metrics"/>.</summary>
    public static IEnumerable<string> Problems(SweepSpec spec, IReadOnlyList<string> metrics)
    {
        var grid = spec.Grid.ToDictionary(p => p.Name, p => p.Values, StringComparer.Ordinal);
        string names = string.Join(", ", grid.Keys);
        string metricNames = string.Join(", ", metrics.Append(SweepFigure.SuccessRate));
        for (int i = 0; i < spec.Figures.Count; i++)
        {
            SweepFigure figure = spec.Figures[i];
            string at = $"Figure {i + 1} ({Word(figure.Kind)} of {figure.Y} over {figure.X})";
            var shown = new[] { figure.X, figure.Rows, figure.Series }.OfType<string>().ToList();
            foreach (string parameter in shown.Concat(figure.Where.Select(w => w.Key)).Where(p => !grid.ContainsKey(p)).Distinct())
                yield return $"{at} names an unknown grid parameter '{parameter}'; the grid has: {names}.";
            foreach (string metric in new[] { figure.Y, figure.ContourOf }.OfType<string>().Where(m => !metrics.Contains(m) && m != SweepFigure.SuccessRate))
                yield return $"{at} names an unknown metric '{metric}'; the sweep records: {metricNames}.";
            if (figure.Kind == FigureKind.Heatmap && figure.Rows is null)
                yield return $"{at} needs \"rows\", the grid parameter along the heatmap's rows.";
            if (figure.Kind == FigureKind.Heatmap && (figure.Series is not null || figure.Log))
                yield return $"{at} is a heatmap; \"series\" and \"log\" belong to line and scatter figures.";
            if (figure.Kind != FigureKind.Heatmap && (figure.Rows is not null || figure.Contour is not null || figure.ContourOf is not null))
                yield return $"{at} is a {Word(figure.Kind)} figure; \"rows\", \"contour\" and \"contour_of\" belong to heatmaps.";
            if (shown.Count != shown.Distinct().Count())
                yield return $"{at} shows one parameter twice; choose different x, rows and series.";
            foreach (var (parameter, value) in figure.Where.Where(w => grid.ContainsKey(w.Key) && !grid[w.Key].Any(v => SameValue(v, w.Value))))
                yield return $"{at} keeps {parameter} = {value}, which the grid never takes; {parameter} takes: {string.Join(", ", grid[parameter])}.";
            foreach (var (parameter, values) in grid.Where(g => !shown.Contains(g.Key)))
            {
                int kept = figure.Where.Any(w => w.Key == parameter)
                    ? values.Count(v => figure.Where.Any(w => w.Key == parameter && SameValue(v, w.Value)))
                    : values.Count;
                if (kept > 1)
                    yield return $"{at} leaves grid parameter '{parameter}' varying; fix one value with \"where\": {{ \"{parameter}\": \"{values[0]}\" }} or show it as the series or rows.";
            }
        }
    }

    /// <summary>Writes the figures as the spec's <c>"figures"</c> array (the form <see cref="Parse"/> reads).</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<SweepFigure> figures)
    {
        json.WriteStartArray("figures");
        foreach (SweepFigure figure in figures)
        {
            json.WriteStartObject();
            json.WriteString("kind", Word(figure.Kind));
            json.WriteString("x", figure.X);
            if (figure.Rows is not null) json.WriteString("rows", figure.Rows);
            json.WriteString("y", figure.Y);
            if (figure.Series is not null) json.WriteString("series", figure.Series);
            if (figure.Where.Count > 0)
            {
                json.WriteStartObject("where");
                foreach (var group in figure.Where.GroupBy(w => w.Key))
                {
                    json.WriteStartArray(group.Key);
                    foreach (var (_, value) in group) json.WriteStringValue(value);
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            if (figure.Contour is { } level) json.WriteNumber("contour", level);
            if (figure.ContourOf is not null) json.WriteString("contour_of", figure.ContourOf);
            if (figure.Log) json.WriteBoolean("log", true);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Whether two grid values are the same: equal text, or equal numbers (so 0.50 matches 0.5).</summary>
    public static bool SameValue(string a, string b) =>
        a == b || (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
                   && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double y) && x == y);

    private static string? Text(JsonObject figure, string key, string where, string origin) =>
        figure[key] is not { } node ? null
        : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>()
        : throw MemLabException.InvalidFile(origin, $"{where}: \"{key}\" is {node.ToJsonString()}; it must be a string.");

    private static IReadOnlyList<KeyValuePair<string, string>> Filters(JsonNode node, string where, string origin)
    {
        if (node is not JsonObject filters)
            throw MemLabException.InvalidFile(origin, $"{where}: \"where\" is {node.ToJsonString()}; it must be an object such as {{ \"cover\": \"greedy\", \"width\": [50, 200] }}.");
        return filters.SelectMany(entry => (entry.Value is JsonArray list ? list.ToArray() : [entry.Value])
                .Select(value => new KeyValuePair<string, string>(entry.Key, SweepSpecJson.Scalar(value, entry.Key, origin))))
            .ToList();
    }

    private static double Level(JsonNode node, string where, string origin) =>
        node.GetValueKind() == JsonValueKind.Number && double.IsFinite(node.GetValue<double>())
            ? node.GetValue<double>()
            : throw MemLabException.InvalidFile(origin, $"{where}: \"contour\" is {node.ToJsonString()}; it must be a finite number such as 0.99.");

    private static bool Flag(JsonNode node, string where, string origin) =>
        node.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? node.GetValue<bool>()
            : throw MemLabException.InvalidFile(origin, $"{where}: \"log\" is {node.ToJsonString()}; it must be true or false.");
}
