using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MemLab.Experiments;

/// <summary>
/// Writes a Slurm batch script for a sweep. The script has two roles: submitted with <c>bash script.sh</c> (outside
/// a job) it submits itself as a job array with one task per shard, then a merge job that waits for every array
/// task to end, whether it succeeded or not (<c>--dependency=afterany</c>: a shard with failed runs exits non-zero, and its recorded runs are still merged so the results show the failures); run by Slurm as array task i of K, it runs
/// <c>memlab sweep run SPEC --shard i/K</c> into its own database. Array tasks that are re-submitted resume.
/// </summary>
public static partial class SlurmScript
{
    /// <summary>The script text for <paramref name="spec"/>.</summary>
    /// <exception cref="MemLabException">An option is out of range or not in Slurm's format (the message names it).</exception>
    public static string Generate(SweepSpec spec, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ArrayTasks < 1)
            throw MemLabException.InvalidOptions($"The job array needs at least 1 task; got --array {options.ArrayTasks}.");
        if (options.CpusPerTask < 1)
            throw MemLabException.InvalidOptions($"Each array task needs at least 1 core; got {options.CpusPerTask}.");
        if (!TimeFormat().IsMatch(options.Time))
            throw MemLabException.InvalidOptions(
                $"The time limit '{options.Time}' is not in Slurm's format; write minutes, H:MM:SS or D-HH:MM:SS, for example --time 1:00:00.");
        if (!MemoryFormat().IsMatch(options.Memory))
            throw MemLabException.InvalidOptions(
                $"The memory '{options.Memory}' is not in Slurm's format; write a number with an optional K, M, G or T suffix, for example --mem 4G.");
        int k = options.ArrayTasks;
        string job = "memlab-" + JobName().Replace(spec.Name, "-");
        string specPath = Quote(Path.GetFullPath(options.SpecPath));
        string folder = Quote(options.OutputDirectory);
        string memlab = options.Memlab;
        string shards = string.Join(" ", Enumerable.Range(0, k).Select(i => Quote(Path.Combine(options.OutputDirectory, Invariant($"shard-{i}.db")))));
        string merged = Quote(Path.Combine(options.OutputDirectory, options.Database));
        var script = new StringBuilder();
        script.Append(Invariant($$"""
            #!/bin/bash
            #SBATCH --job-name={{job}}
            #SBATCH --array=0-{{k - 1}}
            #SBATCH --time={{options.Time}}
            #SBATCH --mem={{options.Memory}}
            #SBATCH --cpus-per-task={{options.CpusPerTask}}
            #SBATCH --output={{options.OutputDirectory}}/slurm-%A_%a.out
            # Sweep '{{spec.Name}}' version {{spec.Version}} (spec {{spec.Hash[..12]}}): {{k}} array tasks, one shard each, then a merge.
            # Written by memlab {{NetworkProvenance.CurrentVersion}}. Submit from this folder with:  bash THIS_SCRIPT
            set -euo pipefail
            mkdir -p {{folder}}
            if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
              array_job=$(sbatch --parsable "$0")
              array_job=${array_job%%;*}
              merge_job=$(sbatch --parsable --dependency=afterany:$array_job --job-name={{job}}-merge --time={{options.Time}} --mem={{options.Memory}} \
                --output={{options.OutputDirectory}}/slurm-merge-%j.out --wrap "{{memlab}} merge {{shards}} -o {{merged}}")
              echo "memlab: submitted array job $array_job ({{k}} shards) and merge job $merge_job; results: {{options.OutputDirectory}}/{{options.Database}}"
              exit 0
            fi
            exec {{memlab}} sweep run {{specPath}} --db {{folder}}/shard-$SLURM_ARRAY_TASK_ID.db --shard $SLURM_ARRAY_TASK_ID/{{k}} --workers {{options.CpusPerTask}}

            """));
        return script.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A bash single-quoted word (a quote inside becomes '\'').</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^(\d+|\d+:\d{2}(:\d{2})?|\d+-\d{1,2}(:\d{2}(:\d{2})?)?)$")]
    private static partial Regex TimeFormat();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemoryFormat();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex JobName();
}
