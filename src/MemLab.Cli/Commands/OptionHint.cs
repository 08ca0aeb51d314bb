namespace MemLab.Cli.Commands;

/// <summary>
/// What the command line adds to an option made from a construction's options record (<see cref="BuildView"/>): a short
/// alias, the help name, the default as written on the command line (for a parameter the record reads as text), and
/// the words it accepts.
/// </summary>
internal sealed record OptionHint(string? Alias = null, string? HelpName = null, string? Default = null, IReadOnlyList<string>? Values = null);
