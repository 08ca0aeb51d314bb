using System.CommandLine;

namespace MemLab.Cli.Commands;

/// <summary>
/// The results database a command reads (<c>results</c>, <c>plot</c>, <c>report</c>): its <c>db</c> argument and
/// --lock-timeout, declared once, and the aggregated results read through <see cref="Lab.Results"/>.
/// </summary>
internal sealed class ResultsDatabase
{
    /// <summary>The <c>db</c> argument.</summary>
    public Argument<string> Path { get; } = new("db") { Description = "Results database written by 'memlab sweep run' or 'memlab merge'." };

    /// <summary>--lock-timeout.</summary>
    public Option<double> LockTimeout { get; } = SweepCommand.LockTimeoutOption();

    /// <summary>Adds the argument and the option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(Path);
        command.Options.Add(LockTimeout);
    }

    /// <summary>How long to wait for another process writing the database.</summary>
    public TimeSpan Timeout(ParseResult parse) => TimeSpan.FromSeconds(parse.GetValue(LockTimeout));
}
