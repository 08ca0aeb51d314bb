using System.Globalization;

namespace MemLab.Bench;

/// <summary>
/// A benchmark's command-line options: "--name value" pairs and "--flag" switches, each looked up by name with its
/// default. <see cref="Complete"/> then reports the first argument that was not read (unknown, or a value that does
/// not parse or is out of range) with the benchmark's usage line, so every benchmark refuses bad input the same way.
/// </summary>
internal sealed class BenchArguments(string benchmark, string[] args, string usage)
{
    private readonly bool[] _read = new bool[args.Length];
    private string? _problem;

    /// <summary>Whether the switch <paramref name="name"/> is present.</summary>
    public bool Flag(string name)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0) return false;
        _read[at] = true;
        return true;
    }

    /// <summary>The text after <paramref name="name"/>, or <paramref name="fallback"/> when the option is absent.</summary>
    public string? Text(string name, string? fallback) => Value(name, fallback, text => (true, text))!;

    /// <summary>An integer of at least <paramref name="minimum"/>.</summary>
    public int Int(string name, int fallback, int minimum = int.MinValue) =>
        Value(name, fallback, text => (int.TryParse(text, CultureInfo.InvariantCulture, out int v) && v >= minimum, v));

    /// <summary>An unsigned 64-bit integer (a seed).</summary>
    public ulong ULong(string name, ulong fallback) =>
        Value(name, fallback, text => (ulong.TryParse(text, CultureInfo.InvariantCulture, out ulong v), v));

    /// <summary>A number.</summary>
    public double Double(string name, double fallback) =>
        Value(name, fallback, text => (double.TryParse(text, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v), v));

    /// <summary>One of <paramref name="choices"/>.</summary>
    public string Choice(string name, string fallback, params string[] choices) =>
        Value(name, fallback, text => (choices.Contains(text), text))!;

    /// <summary>A comma-separated list of some of <paramref name="choices"/>.</summary>
    public string[] Subset(string name, string[] fallback, IReadOnlyCollection<string> choices) =>
        Value(name, fallback, text => (text.Split(',').All(choices.Contains), text.Split(',')))!;

    /// <summary>True when every argument was read; otherwise prints the first problem and the usage line, and <paramref name="exitCode"/> is 2.</summary>
    public bool Complete(out int exitCode)
    {
        int unread = Array.IndexOf(_read, false);
        _problem ??= unread >= 0 ? $"cannot read argument '{args[unread]}'" : null;
        exitCode = _problem is null ? 0 : 2;
        if (_problem is not null) Console.Error.WriteLine($"{benchmark}: {_problem}. usage: {benchmark} {usage}");
        return _problem is null;
    }

    private T Value<T>(string name, T fallback, Func<string, (bool Ok, T Value)> parse)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0) return fallback;
        _read[at] = true;
        if (at + 1 >= args.Length)
        {
            _problem ??= $"'{name}' needs a value";
            return fallback;
        }
        var (ok, value) = parse(args[at + 1]);
        if (!ok)
        {
            _problem ??= $"cannot read '{name} {args[at + 1]}'";
            return fallback;
        }
        _read[at + 1] = true;
        return value;
    }
}
