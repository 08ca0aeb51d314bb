using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MemLab.Experiments;

/// <summary>
/// Writes a Slurm batch script for a sweep. The script has two roles: submitted with <c>bash script.sh</c> (outside
/// a job) it submits itself as a job array with one task per shard, then itself again as a merge job that waits for
/// every array task to end, whether it succeeded or not (<c>--dependency=afterany</c>: a shard with failed runs exits
/// non-zero, and its recorded runs are still merged so the results show the failures); run by Slurm as array task i of
/// K, it runs <c>memlab sweep run SPEC --shard i/K</c> into its own database. Array tasks that are re-submitted resume.
/// Every path is a quoted shell word, so no folder or file name can run a command; the array is bounded by the
/// sweep's run count and by <see cref="MaxArrayTasks"/>.
/// </summary>
public static partial class SlurmScript
{
    /// <summary>The most array tasks a script may ask for: Slurm's default MaxArraySize (1001) allows task ids 0 .. 1000.</summary>
    public const int MaxArrayTasks = 1000;

    /// <summary>The script text for <paramref name="spec"/>.</summary>
    /// <exception cref="MemLabException">An option is out of range or not in Slurm's format, or the array has more tasks
    /// than the sweep has runs (the message names it).</exception>
    public static string Generate(SweepSpec spec, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ArrayTasks < 1 || options.ArrayTasks > MaxArrayTasks)
            throw MemLabException.InvalidOptions($"--array must be between 1 and {MaxArrayTasks} (Slurm's default MaxArraySize); got {options.ArrayTasks}.");
        if (options.ArrayTasks > spec.RunCount)
            throw MemLabException.InvalidOptions(Invariant(
                $"--array {options.ArrayTasks} asks for more array tasks than sweep '{spec.Name}' has runs ({spec.RunCount}); pass --array {spec.RunCount} or fewer."));
        if (options.CpusPerTask < 1)
            throw MemLabException.InvalidOptions($"--cpus must be at least 1; got {options.CpusPerTask}.");
        if (TimeProblem(options.Time) is { } timeProblem) throw MemLabException.InvalidOptions(timeProblem);
        if (MemoryProblem(options.Memory) is { } memoryProblem) throw MemLabException.InvalidOptions(memoryProblem);
        int k = options.ArrayTasks;
        string job = "memlab-" + JobName().Replace(spec.Name, "-");
        // Every user-given word is a single-quoted shell word assigned once, then used only as "$name": nothing in a
        // path or a name is ever parsed by the shell. --memlab is the exception on purpose: it is a command line.
        var script = new StringBuilder();
        script.Append(Invariant($$"""
            #!/bin/bash
            #SBATCH --job-name={{job}}
            #SBATCH --array=0-{{k - 1}}
            #SBATCH --time={{options.Time}}
            #SBATCH --mem={{options.Memory}}
            #SBATCH --cpus-per-task={{options.CpusPerTask}}
            # Sweep {{job}} version {{spec.Version}} (spec {{spec.Hash[..12]}}): {{k}} array tasks, one shard each, then a merge.
            # Written by memlab {{NetworkProvenance.CurrentVersion}}. Submit from this folder with:  bash THIS_SCRIPT
            set -euo pipefail
            spec={{Quote(Path.GetFullPath(options.SpecPath))}}
            folder={{Quote(options.OutputDirectory)}}
            merged="$folder"/{{Quote(options.Database)}}
            tasks={{k}}
            run_memlab() { {{options.Memlab}} "$@"; }
            mkdir -p -- "$folder"
            if [ -n "${MEMLAB_SLURM_MERGE:-}" ]; then
              shards=()
              for ((i = 0; i < tasks; i++)); do shards+=("$folder/shard-$i.db"); done
              run_memlab merge "${shards[@]}" -o "$merged"
              exit
            fi
            if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
              array_job=$(sbatch --parsable --output="$folder/slurm-%A_%a.out" "$0")
              array_job=${array_job%%;*}
              merge_job=$(sbatch --parsable --dependency="afterany:$array_job" --job-name={{job}}-merge --time={{options.Time}} --mem={{options.Memory}} \
                --array=0 --output="$folder/slurm-merge-%j.out" --export=ALL,MEMLAB_SLURM_MERGE=1 "$0")
              echo "memlab: submitted array job $array_job ($tasks shards) and merge job $merge_job; results: $merged"
              exit 0
            fi
            run_memlab sweep run "$spec" --db "$folder/shard-$SLURM_ARRAY_TASK_ID.db" --shard "$SLURM_ARRAY_TASK_ID/$tasks" --workers {{options.CpusPerTask}}

            """));
        return script.ToString();
    }

    /// <summary>Why <paramref name="time"/> is not a Slurm time limit, or null when it is one.</summary>
    public static string? TimeProblem(string time) => TimeFormat().IsMatch(time)
        ? null
        : $"--time '{time}' is not in Slurm's format; write minutes, H:MM:SS or D-HH:MM:SS, for example --time 1:00:00.";

    /// <summary>Why <paramref name="memory"/> is not a Slurm memory size, or null when it is one.</summary>
    public static string? MemoryProblem(string memory) => MemoryFormat().IsMatch(memory)
        ? null
        : $"--mem '{memory}' is not in Slurm's format; write a number with an optional K, M, G or T suffix, for example --mem 4G.";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A bash single-quoted word (a quote inside becomes '\'').</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^(\d+|\d+:\d{2}(:\d{2})?|\d+-\d{1,2}(:\d{2}(:\d{2})?)?)\z")]
    private static partial Regex TimeFormat();

    [GeneratedRegex(@"^\d+[KMGT]?\z")]
    private static partial Regex MemoryFormat();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex JobName();
}
