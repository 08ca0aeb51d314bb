using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;

namespace MemLab.Bench;

/// <summary>
/// Runs a peer script in the system Python (Debian's numpy), with the same OpenBLAS thread count and the same
/// CPU-detection fix memlab applies to itself, so a ratio against it compares like with like.
/// </summary>
internal static class PythonPeer
{
    public const string Executable = "/usr/bin/python3";

    /// <summary>The script's standard output, or null with the reason in <paramref name="failure"/> (no Python, or a non-zero exit).</summary>
    public static string? Run(string script, IEnumerable<string> arguments, int threads, out string failure)
    {
        if (!File.Exists(Executable))
        {
            failure = $"{Executable} not found";
            return null;
        }
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString(CultureInfo.InvariantCulture);
        // OpenBLAS 0.3.21 misdetects AVX-512 CPUs as Prescott (ARCHITECTURE.md); tell the child only.
        if (CoreTypeFixed) start.Environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string lastError = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";
            failure = $"{Executable} exited with {process.ExitCode}: {(output.Length > 0 ? output : lastError)}";
            return null;
        }
        failure = "";
        return output;
    }

    /// <summary>
    /// Runs a script that prints one line "NUMBER rest": the number (a time) is returned and <paramref name="note"/> becomes
    /// the rest plus the peer's OpenBLAS setup; null with the reason in <paramref name="note"/> when it fails or prints otherwise.
    /// </summary>
    public static double? Measure(string script, IEnumerable<string> arguments, int threads, out string note)
    {
        string? output = Run(script, arguments, threads, out note);
        if (output is null) return null;
        string[] words = output.Split(' ', 2);
        if (words.Length < 2 || !double.TryParse(words[0], CultureInfo.InvariantCulture, out double value))
        {
            note = $"unexpected peer output '{output}'";
            return null;
        }
        note = $"{words[1]}, {Describe(threads)}";
        return value;
    }

    /// <summary>How the peer's OpenBLAS was set up, for the benchmark's printout.</summary>
    public static string Describe(int threads) =>
        $"{threads} OpenBLAS thread{(threads == 1 ? "" : "s")}{(CoreTypeFixed ? ", OPENBLAS_CORETYPE=SkylakeX" : "")}";

    private static bool CoreTypeFixed => Avx512F.IsSupported && Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is null;
}
