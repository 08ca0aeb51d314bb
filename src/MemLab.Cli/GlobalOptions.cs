using System.CommandLine;
using MemLab.LinearAlgebra;

namespace MemLab.Cli;

/// <summary>Options every command accepts (declared recursive on the root command).</summary>
internal static class GlobalOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print exactly one JSON object on stdout instead of tables (field names are stable; see docs/json.md).",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces on errors and extra diagnostics on stderr.",
        Recursive = true,
    };

    public static readonly Option<int?> Threads = new("--threads")
    {
        Description = "Threads for linear algebra. Default: all cores (up to OpenBLAS's own limit).",
        Recursive = true,
    };

    public static readonly Option<BlasChoice> Blas = new("--blas")
    {
        Description = "Linear-algebra backend: auto (OpenBLAS if it loads, else managed, with a notice), openblas, managed.",
        DefaultValueFactory = _ => BlasChoice.Auto,
        HelpName = "auto|openblas|managed",
        Recursive = true,
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "Folder holding data files (mnist/, cifar-10-batches-bin/). Default: $MEMLAB_DATA, else ./data.",
        Recursive = true,
    };

    public static void AddTo(Command root)
    {
        root.Options.Add(Json);
        root.Options.Add(Verbose);
        root.Options.Add(Threads);
        root.Options.Add(Blas);
        root.Options.Add(DataDir);
    }
}
