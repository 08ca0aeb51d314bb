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
        var root = BuildRoot(environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) environment.Error.WriteLine($"memlab: {error.Message}");
            environment.Error.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
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
        catch (Exception error)
        {
            // Anything else is a bug: say so, always with the stack trace, so it can be reported.
            environment.Error.WriteLine($"memlab: internal error, please report it: {error}");
            return ExitCodes.InternalError;
        }
    }

    public static RootCommand BuildRoot(CliEnvironment environment)
    {
        var root = new RootCommand(
            "memlab: build, verify and compare neural networks that memorize a dataset.\n" +
            "Data is named by a spec string such as moons:n=1000,noise=0.05,seed=0 or mnist:split=train,classes=3-8;\n" +
            "'memlab data sources' lists every source and key.");
        GlobalOptions.AddTo(root);
        VersionAction.Install(root);
        root.Subcommands.Add(DataCommand.Create(environment));
        root.Subcommands.Add(BuildCommand.Create(environment));
        root.Subcommands.Add(VerifyCommand.Create(environment));
        root.Subcommands.Add(EvalCommand.Create(environment));
        root.Subcommands.Add(ModelCommand.Create(environment));
        root.Subcommands.Add(InfoCommand.Create(environment));
        root.Subcommands.Add(SweepCommand.Create(environment));
        root.Subcommands.Add(ResultsCommand.Create(environment));
        root.Subcommands.Add(PlotCommand.Create(environment));
        root.Subcommands.Add(ReportCommand.Create(environment));
        root.Subcommands.Add(MergeCommand.Create(environment));
        root.Subcommands.Add(SlurmCommand.Create(environment));
        root.Subcommands.Add(ReproduceCommand.Create(environment));
        root.Subcommands.Add(ExportCommand.Create(environment));
        root.Subcommands.Add(ImportCommand.Create(environment));
        root.Subcommands.Add(TrainCommand.Create(environment));
        root.Subcommands.Add(GapCommand.Create(environment));
        root.Subcommands.Add(ProbeCommand.Create(environment));
        return root;
    }

    private static void ReportError(CliEnvironment environment, ParseResult parse, MemLabException error)
    {
        environment.Error.WriteLine($"memlab: error: {error.Message}");
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
