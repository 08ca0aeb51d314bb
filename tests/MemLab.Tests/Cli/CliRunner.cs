using System.Text.Json;
using MemLab.Cli;

namespace MemLab.Tests.Cli;

/// <summary>Runs the memlab command in-process with captured stdout and stderr and a controlled environment.</summary>
internal static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Out, string Error)
    {
        public JsonElement Json()
        {
            using var document = JsonDocument.Parse(Out);
            return document.RootElement.Clone();
        }
    }

    public static Outcome Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    public static Outcome Run(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment(output, error,
            name => variables.TryGetValue(name, out var value) ? value : name == "MEMLAB_DATA" ? TestData.Directory : null,
            OutputRedirected: true, ErrorRedirected: true);
        int code = CliApp.Run(args, environment);
        return new Outcome(code, output.ToString(), error.ToString());
    }
}
