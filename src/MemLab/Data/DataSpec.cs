using System.Globalization;
using System.Text;

namespace MemLab.Data;

/// <summary>
/// A parsed data spec string, <c>source:key=value,key=value</c> (for example
/// <c>moons:n=1000,noise=0.05,seed=0</c>; a spec without ':' has no keys). Parsing checks only the
/// syntax; which sources and keys exist is decided by <see cref="DatasetLoader"/>. The typed getters
/// check each value and throw a <see cref="MemLabException"/> of kind
/// <see cref="MemLabErrorKind.InvalidSpec"/> naming the key, the value found and the valid range.
/// </summary>
/// <remarks>
/// The canonical form (<see cref="ToString"/>) has the source and keys in lower case, no surrounding
/// whitespace, and the keys in the order they were given; parsing it gives back an equal spec.
/// Values are kept as written (class names and file paths are case-sensitive).
/// </remarks>
public sealed record DataSpec
{
    private readonly KeyValuePair<string, string>[] _entries;

    private DataSpec(string source, KeyValuePair<string, string>[] entries)
    {
        Source = source;
        _entries = entries;
        Entries = Array.AsReadOnly(entries);
    }

    /// <summary>The source name, lower case (for example "moons" or "mnist").</summary>
    public string Source { get; }

    /// <summary>The key=value entries in the order they were written; keys are lower case and distinct.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries { get; }

    /// <summary>Parses <paramref name="text"/> as <c>source:key=value,key=value</c>.</summary>
    /// <exception cref="MemLabException">The text is empty, an entry is empty or lacks '=', a key has no value, or a key appears twice.</exception>
    public static DataSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string source = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        if (source.Length == 0)
            throw MemLabException.InvalidSpec(
                $"The data spec '{text}' has no source name; write source:key=value,..., for example moons:n=1000,noise=0.05.");
        if (colon < 0)
            return new DataSpec(source, []);

        string[] parts = text[(colon + 1)..].Split(',');
        var entries = new KeyValuePair<string, string>[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (part.Trim().Length == 0)
                throw MemLabException.InvalidSpec(
                    $"Entry {i + 1} of the data spec '{text}' is empty; separate key=value entries with single commas and do not end with one.");
            if (equals < 0)
                throw MemLabException.InvalidSpec(
                    $"Entry '{part.Trim()}' of the data spec '{text}' has no '='; write it as key=value.");
            string key = part[..equals].Trim().ToLowerInvariant();
            string value = part[(equals + 1)..].Trim();
            if (key.Length == 0)
                throw MemLabException.InvalidSpec(
                    $"Entry '{part.Trim()}' of the data spec '{text}' has no key before '='; write it as key=value.");
            if (value.Length == 0)
                throw MemLabException.InvalidSpec(
                    $"Key '{key}' in the data spec '{text}' has no value; write {key}=<value> or leave the key out to use its default.");
            for (int j = 0; j < i; j++)
                if (entries[j].Key == key)
                    throw MemLabException.InvalidSpec(
                        $"Key '{key}' appears twice in the data spec '{text}' ({key}={entries[j].Value} and {key}={value}); keep only one.");
            entries[i] = new KeyValuePair<string, string>(key, value);
        }
        return new DataSpec(source, entries);
    }

    /// <summary>Whether the spec sets <paramref name="key"/>.</summary>
    public bool Contains(string key) => Find(key) is not null;

    /// <summary>The value written for <paramref name="key"/>, or <paramref name="defaultValue"/> when the key is absent.</summary>
    public string GetString(string key, string defaultValue) => Find(key) ?? defaultValue;

    /// <summary>
    /// The integer value of <paramref name="key"/>, or <paramref name="defaultValue"/> when absent; it must lie in
    /// [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    /// <exception cref="MemLabException">The value is not an integer or is out of range.</exception>
    public int GetInt(string key, int defaultValue, int min, int max = int.MaxValue)
    {
        string? text = Find(key);
        if (text is null) return defaultValue;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            string range = max == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"an integer >= {min}")
                : string.Create(CultureInfo.InvariantCulture, $"an integer in [{min}, {max}]");
            throw BadValue(key, text, range, defaultValue.ToString(CultureInfo.InvariantCulture));
        }
        return value;
    }

    /// <summary>
    /// The finite number given for <paramref name="key"/>, or <paramref name="defaultValue"/> when absent. It must lie
    /// between <paramref name="min"/> and <paramref name="max"/>, which are included unless
    /// <paramref name="excludeMin"/> or <paramref name="excludeMax"/> says otherwise.
    /// </summary>
    /// <exception cref="MemLabException">The value is not a finite number or is out of range.</exception>
    public double GetDouble(string key, double defaultValue, double min, double max = double.PositiveInfinity,
        bool excludeMin = false, bool excludeMax = false)
    {
        string? text = Find(key);
        if (text is null) return defaultValue;
        bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value);
        bool inRange = parsed
            && (excludeMin ? value > min : value >= min)
            && (excludeMax ? value < max : value <= max);
        if (!inRange)
        {
            string range = double.IsPositiveInfinity(max)
                ? string.Create(CultureInfo.InvariantCulture, $"a number {(excludeMin ? ">" : ">=")} {min}")
                : string.Create(CultureInfo.InvariantCulture,
                    $"a number in {(excludeMin ? "(" : "[")}{min}, {max}{(excludeMax ? ")" : "]")}");
            throw BadValue(key, text, range, defaultValue.ToString("R", CultureInfo.InvariantCulture));
        }
        return value;
    }

    /// <summary>The value of <paramref name="key"/> as <c>true</c> or <c>false</c> (any case), or <paramref name="defaultValue"/> when absent.</summary>
    /// <exception cref="MemLabException">The value is neither true nor false.</exception>
    public bool GetBool(string key, bool defaultValue)
    {
        string? text = Find(key);
        if (text is null) return defaultValue;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        throw BadValue(key, text, "true or false", defaultValue ? "true" : "false");
    }

    /// <summary>
    /// The enum member named by <paramref name="key"/>, or <paramref name="defaultValue"/> when absent. Members are
    /// written in kebab case: <c>UnitBall</c> is <c>unit-ball</c> (any letter case is accepted).
    /// </summary>
    /// <exception cref="MemLabException">The value names no member; the message lists the valid ones.</exception>
    public TEnum GetEnum<TEnum>(string key, TEnum defaultValue) where TEnum : struct, Enum
    {
        string? text = Find(key);
        if (text is null) return defaultValue;
        foreach (TEnum member in Enum.GetValues<TEnum>())
            if (KebabCase(member.ToString()).Equals(text, StringComparison.OrdinalIgnoreCase))
                return member;
        string valid = string.Join(", ", Enum.GetValues<TEnum>().Select(m => KebabCase(m.ToString())));
        throw BadValue(key, text, $"one of {valid}", KebabCase(defaultValue.ToString()));
    }

    /// <summary>The seed given by the key <c>seed</c> (an unsigned 64-bit integer), or seed 0 when absent.</summary>
    /// <exception cref="MemLabException">The value is not an integer in [0, 2^64 - 1].</exception>
    public Seed GetSeed()
    {
        string? text = Find("seed");
        if (text is null) return new Seed(0);
        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
            throw BadValue("seed", text, string.Create(CultureInfo.InvariantCulture, $"an integer in [0, {ulong.MaxValue}]"), "0");
        return new Seed(value);
    }

    /// <summary>The kebab-case spelling of a PascalCase member name, as the spec writes it: <c>UnitBall</c> becomes <c>unit-ball</c>.</summary>
    internal static string KebabCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) result.Append('-');
            result.Append(char.ToLowerInvariant(name[i]));
        }
        return result.ToString();
    }

    /// <summary>The canonical spec string: <c>source</c> or <c>source:key=value,...</c>, keys in the order given.</summary>
    public override string ToString() =>
        _entries.Length == 0 ? Source : Source + ":" + string.Join(",", _entries.Select(e => e.Key + "=" + e.Value));

    /// <summary>Whether both specs have the same source and the same entries in the same order.</summary>
    public bool Equals(DataSpec? other) =>
        other is not null && Source == other.Source && _entries.SequenceEqual(other._entries);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private string? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var entry in _entries)
            if (entry.Key == key) return entry.Value;
        return null;
    }

    private MemLabException BadValue(string key, string value, string validRange, string example) =>
        MemLabException.InvalidSpec(
            $"{Source}: {key}={value} is not valid; {key} must be {validRange}. Fix it in the data spec, for example {key}={example}, or leave the key out.");
}
