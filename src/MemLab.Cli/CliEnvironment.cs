namespace MemLab.Cli;

/// <summary>What the CLI may touch outside itself: its two output streams and the environment. Tests pass fakes.</summary>
/// <param name="Out">Standard output: tables, or exactly one JSON object with --json.</param>
/// <param name="Error">Standard error: logs, warnings, progress and error messages.</param>
/// <param name="GetVariable">Reads an environment variable (MEMLAB_DATA, CI, NO_COLOR).</param>
/// <param name="OutputRedirected">Whether standard output is a file or pipe rather than a terminal.</param>
/// <param name="ErrorRedirected">Whether standard error is a file or pipe: progress then prints plain periodic lines.</param>
internal sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<string, string?> GetVariable, bool OutputRedirected, bool ErrorRedirected);
