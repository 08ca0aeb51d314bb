using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using MemLab.LinearAlgebra;
using Spectre.Console;

namespace MemLab.Cli.Commands;

/// <summary><c>memlab info</c>: version, linear-algebra backend, threads, data folder: what to paste into a bug report.</summary>
internal static class InfoCommand
{
    /// <summary>The facts <c>memlab info</c> reports.</summary>
    internal sealed record InfoResult(string Runtime, string Os, string Blas, string BlasBackend, int Threads,
        int ProcessorCount, bool Avx2, bool Avx512, string DataDirectory, bool DataDirectoryExists, string Popcount);

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("info", "Show the memlab version, the linear-algebra backend in use, threads and the data folder.\n" +
            "Example: memlab info --threads 2");
        command.SetAction(parse =>
        {
            var context = new CliContext(parse, environment);
            var result = new InfoResult(RuntimeInformation.FrameworkDescription,
                RuntimeInformation.OSDescription, context.Blas.Describe(), context.Blas.Name, context.Blas.ThreadCount,
                Environment.ProcessorCount, Avx2.IsSupported, Avx512F.IsSupported,
                Path.GetFullPath(context.DataDirectory), Directory.Exists(context.DataDirectory), PopcountBackend.Describe());
            context.Write("info", result, console =>
            {
                var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("");
                table.HideHeaders();
                table.AddRow("memlab", NetworkProvenance.CurrentVersion);
                table.AddRow("runtime", $"{result.Runtime} on {result.Os}");
                table.AddRow("linear algebra", Markup.Escape(result.Blas));
                table.AddRow("popcount", Markup.Escape(result.Popcount));
                table.AddRow("cores", $"{result.ProcessorCount} (AVX2 {(result.Avx2 ? "yes" : "no")}, AVX-512 {(result.Avx512 ? "yes" : "no")})");
                table.AddRow("data folder", Markup.Escape(result.DataDirectory) + (result.DataDirectoryExists ? "" : " (missing)"));
                console.Write(table);
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
