using System.CommandLine;
using System.Text.Json.Nodes;
using MemLab.Cli.Commands;

namespace MemLab.Cli;

/// <summary>Builds the memlab command tree and runs one command line; the only place exceptions are caught.</summary>
internal static class CliApp
{
    public static int Run(string[] args, CliEnvironment environment)
    {
        MemLab.Data.Loaders.DecodedCache.Folder = MemLab.Data.Loaders.DecodedCache.FolderFrom(environment.GetVariable);
        // A command line that starts with a command's name needs only that command: the others are not built, which
        // spares every such run their options, reflection and compilations. Anything else (root --help, --version,
        // a mistyped command, options first) gets the whole tree, so its help and errors are what they always were.
        var root = BuildRoot(environment, args is [var name, ..] && Array.Exists(Subcommands, command => command.Name == name) ? name : null);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line: the first problem (the others are usually its consequences) and where the usage is.
            string first = parse.Errors[0].Message.ReplaceLineEndings(" ").TrimEnd('.');
            environment.Error.WriteLine($"memlab: {first}. Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = environment.Out,
                Error = environment.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (MemLabException error)
        {
            ReportError(environment, parse, error);
            return ExitCodes.UserError;
        }
        catch (Exception error) when (EnvironmentFailure(error) is { } failure)
        {
            ReportError(environment, parse, failure);
            return ExitCodes.UserError;
        }
        catch (Exception error)
        {
            // Anything else is a bug: say so, always with the stack trace, so it can be reported.
            environment.Error.WriteLine($"memlab: internal error, please report it: {error}");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// A failure of the machine rather than of memlab, which the user fixes outside it: a file memlab may not read or
    /// write, an I/O error such as a full disk, or data larger than the memory. Null for anything else (a bug).
    /// </summary>
    private static MemLabException? EnvironmentFailure(Exception error) => error switch
    {
        UnauthorizedAccessException => MemLabException.FileAccess(null, $"{error.Message.TrimEnd('.')}; check the file's permissions or choose another path.", error),
        IOException => MemLabException.FileAccess(null, $"{error.Message.TrimEnd('.')}; check the disk and the path.", error),
        OutOfMemoryException or InsufficientMemoryException =>
            MemLabException.FileAccess(null, "there is not enough memory for this command; use smaller data or a machine with more memory.", error),
        _ => null,
    };

    /// <summary>The commands under <c>memlab</c>, by name, in the order --help lists them.</summary>
    internal static readonly (string Name, Func<CliEnvironment, Command> Create)[] Subcommands =
    [
        ("data", DataCommand.Create),
        ("build", BuildCommand.Create),
        ("verify", VerifyCommand.Create),
        ("eval", EvalCommand.Create),
        ("model", ModelCommand.Create),
        ("info", InfoCommand.Create),
        ("sweep", SweepCommand.Create),
        ("results", ResultsCommand.Create),
        ("plot", PlotCommand.Create),
        ("report", ReportCommand.Create),
        ("merge", MergeCommand.Create),
        ("slurm", SlurmCommand.Create),
        ("reproduce", ReproduceCommand.Create),
        ("export", ExportCommand.Create),
        ("import", ImportCommand.Create),
        ("train", TrainCommand.Create),
        ("gap", GapCommand.Create),
        ("probe", ProbeCommand.Create),
    ];

    /// <summary>The command tree: every command, or with <paramref name="only"/> the one of that name alone.</summary>
    public static RootCommand BuildRoot(CliEnvironment environment, string? only = null)
    {
        var root = new RootCommand(
            "memlab: build, verify and compare neural networks that memorize a dataset.\n" +
            "Data is named by a spec string such as moons:n=1000,noise=0.05,seed=0 or mnist:split=train,classes=3-8;\n" +
            "'memlab data sources' lists every source and key.");
        GlobalOptions.AddTo(root);
        VersionAction.Install(root);
        foreach (var (name, create) in Subcommands)
            if (only is null || only == name) root.Subcommands.Add(create(environment));
        OptionRanges.Install(root);
        return root;
    }

    private static void ReportError(CliEnvironment environment, ParseResult parse, MemLabException error)
    {
        environment.Error.WriteLine($"memlab: error: {error.Message.ReplaceLineEndings(" ")}");
        if (parse.GetValue(GlobalOptions.Verbose)) environment.Error.WriteLine(error.ToString());
        if (parse.GetValue(GlobalOptions.Json))
        {
            var body = new JsonObject
            {
                ["command"] = CommandPath(parse).Split(' ', 2) is [_, var name] ? name : "",
                ["memlab_version"] = NetworkProvenance.CurrentVersion,
                ["error"] = new JsonObject
                {
                    ["kind"] = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(error.Kind.ToString()),
                    ["message"] = error.Message,
                },
            };
            environment.Out.WriteLine(body.ToJsonString(JsonOutput.Options));
        }
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, result.Command.Name);
        names[0] = "memlab";
        return string.Join(' ', names);
    }
}
