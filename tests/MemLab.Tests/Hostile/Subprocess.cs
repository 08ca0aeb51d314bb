using System.Diagnostics;
using MemLab.Tests.Cli;

namespace MemLab.Tests.Hostile;

/// <summary>Runs the real memlab command (MemLab.Cli.dll beside the tests) as a child process, for limits and kills an in-process run cannot take.</summary>
internal static class Subprocess
{
    /// <summary>The start information for <c>dotnet MemLab.Cli.dll ARGS</c> with <paramref name="variables"/> set and output captured.</summary>
    public static ProcessStartInfo Start(Dictionary<string, string> variables, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MemLab.Cli.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["MEMLAB_DATA"] = TestData.Directory;
        foreach (var (key, value) in variables) start.Environment[key] = value;
        return start;
    }

    /// <summary>Runs to the end and returns the exit code and both streams.</summary>
    public static CliRunner.Outcome Run(Dictionary<string, string> variables, params string[] args)
    {
        using var child = Process.Start(Start(variables, args))!;
        var error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return new CliRunner.Outcome(child.ExitCode, output, error.Result);
    }
}
