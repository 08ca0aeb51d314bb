using System.CommandLine;
using MemLab.LinearAlgebra;
using Spectre.Console;

namespace MemLab.Cli;

/// <summary>
/// Everything one command invocation needs: its parsed global options, the output streams, the BLAS
/// backend (resolved on first use, with the fallback announced once on stderr) and the data folder.
/// </summary>
internal sealed class CliContext
{
    private readonly ParseResult _parse;
    private readonly CliEnvironment _environment;
    private IBlas? _blas;
    private Lab? _lab;

    public CliContext(ParseResult parse, CliEnvironment environment)
    {
        _parse = parse;
        _environment = environment;
        Console = CreateConsole(environment);
    }

    /// <summary>Whether to print one JSON object instead of tables.</summary>
    public bool Json => _parse.GetValue(GlobalOptions.Json);

    /// <summary>Spectre console over stdout, for tables.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Standard error, for logs and notices.</summary>
    public TextWriter Log => _environment.Error;

    /// <summary>The linear-algebra backend chosen by --blas and --threads.</summary>
    public IBlas Blas
    {
        get
        {
            if (_blas is null)
            {
                var resolution = BlasBackend.Resolve(_parse.GetValue(GlobalOptions.Blas), _parse.GetValue(GlobalOptions.Threads));
                if (resolution.FallbackReason is { } reason)
                    Log.WriteLine($"memlab: OpenBLAS is not available ({reason}); using the managed fallback (2.5-6x slower for matrix products).");
                _blas = resolution.Blas;
            }
            return _blas;
        }
    }

    /// <summary>
    /// The backend named by --blas with one thread, for commands that run work in parallel (never BLAS threads inside
    /// parallel work as well); <paramref name="refusal"/> says why when --threads asks for more.
    /// </summary>
    /// <exception cref="MemLabException">--threads is above 1.</exception>
    private IBlas SingleThreadedBlas(string refusal)
    {
        if (_parse.GetValue(GlobalOptions.Threads) is > 1 and var threads)
            throw MemLabException.InvalidOptions($"{refusal}; got --threads {threads}. Leave --threads out and set --workers instead.");
        var resolution = BlasBackend.Resolve(_parse.GetValue(GlobalOptions.Blas), 1);
        if (resolution.FallbackReason is { } reason)
            Log.WriteLine($"memlab: OpenBLAS is not available ({reason}); using the managed fallback (2.5-6x slower for matrix products).");
        return resolution.Blas;
    }

    /// <summary>
    /// A lab over the backend named by --blas with one thread (<see cref="SingleThreadedBlas"/>), for commands that run
    /// work in parallel; <paramref name="refusal"/> says why when --threads asks for more.
    /// </summary>
    /// <exception cref="MemLabException">--threads is above 1.</exception>
    public Lab SingleThreadedLab(string refusal) => new(SingleThreadedBlas(refusal), DataDirectory);

    /// <summary>The library front door, over this invocation's backend and data folder.</summary>
    public Lab Lab => _lab ??= new Lab(Blas, DataDirectory);

    /// <summary>--data-dir, else $MEMLAB_DATA, else ./data.</summary>
    public string DataDirectory =>
        _parse.GetValue(GlobalOptions.DataDir)
        ?? (_environment.GetVariable("MEMLAB_DATA") is { Length: > 0 } fromEnvironment ? fromEnvironment : "data");

    /// <summary>A progress reporter on stderr for work named <paramref name="task"/>; silent for work that ends within seconds.</summary>
    public StderrProgress Progress(string task) =>
        new(task, Log, interactive: !_environment.ErrorRedirected && _environment.GetVariable("CI") is not { Length: > 0 });

    /// <summary>Prints <paramref name="result"/> as JSON with --json, otherwise through <paramref name="renderTables"/>.</summary>
    public void Write(string command, object result, Action<IAnsiConsole> renderTables)
    {
        if (Json) JsonOutput.Write(_environment.Out, command, result);
        else renderTables(Console);
    }

    private static IAnsiConsole CreateConsole(CliEnvironment environment)
    {
        bool plain = environment.OutputRedirected || environment.GetVariable("CI") is { Length: > 0 } || environment.GetVariable("NO_COLOR") is not null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(environment.Out),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (plain) console.Profile.Width = 120;
        return console;
    }
}
