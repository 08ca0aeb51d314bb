using System.ComponentModel;
using System.Globalization;

namespace MemLab.Training;

/// <summary>
/// How <see cref="WidthSearch"/> looks for the smallest hidden width at which gradient descent memorizes (docs/algorithms.md
/// section 6): seeds per width, the start and largest widths of the doubling, the bisection's stopping rule and the
/// number of trainings run at once. Immutable, with documented defaults; <see cref="CheckedOptions.Validate"/> reports every problem at once.
/// Its parameters are bound by <see cref="Experiments.OptionsBinder"/>: <c>--seeds</c>, <c>--precision</c>, <c>--memory</c>,
/// <c>--decide-early</c> ... of <c>memlab gap</c> are <c>seeds</c>, <c>precision</c>, <c>memory</c>, <c>decide_early</c> of the gap sweep task.
/// </summary>
public sealed record WidthSearchOptions : ICheckedOptions
{
    /// <summary>Trainings (seeds) per width; a width succeeds when at least half of them memorize. Default 5. Must be >= 1.</summary>
    [Description("Trainings per width; a width succeeds when at least half memorize (>= 1).")]
    public int Seeds { get; init; } = 5;

    /// <summary>The first width tried; doubling starts here. Default 1. Must be >= 1.</summary>
    [Description("The first width; doubling starts here (>= 1).")]
    public int Start { get; init; } = 1;

    /// <summary>The largest width tried; when it fails too, the search reports no width. Default 4096. Must be >= <see cref="Start"/>.</summary>
    [Description("The largest width tried (>= start); exit 3 when it fails too.")]
    public int MaxWidth { get; init; } = 4096;

    /// <summary>
    /// Bisection stops once (first success - last failure) &lt;= RelativePrecision x first success, or the two are
    /// adjacent. Default 0: the exact smallest width. Must be in [0, 1).
    /// </summary>
    [ParameterName("precision")]
    [Description("Stop bisecting once (first success - last failure) <= this fraction of the first success; 0 finds the exact width. In [0, 1).")]
    public double RelativePrecision { get; init; }

    /// <summary>Threads (<see cref="BatchedTrainingOptions.Workers"/>): batches of trainings run at once, or the steps of one batch shared by two threads, each on the one-threaded backend it is given. Results do not depend on it. Default 1. Must be >= 1. Not a sweep parameter (a sweep runs its runs in parallel, one worker each), so <c>memlab gap</c> declares <c>--workers</c> itself.</summary>
    [NotAParameter]
    public int Workers { get; init; } = 1;

    /// <summary>
    /// The memory budget of the batched trainings (<see cref="BatchedTrainingOptions.MemoryBytes"/>): a width's seeds train as
    /// one batch while they fit, else in several (on OpenBLAS a split can change the last bits of a training). Default 2 GB. Must be &gt; 0.
    /// </summary>
    [ParameterName("memory")]
    [Description("Memory budget of the batched trainings, e.g. 2GB, 500MB or a byte count: a width's seeds train as one batch while they fit, else in several. Default 2GB.")]
    public long MemoryBytes { get; init; } = BatchedTrainingOptions.DefaultMemoryBytes;

    /// <summary>
    /// Train a width's seeds in waves and stop once its majority is decided (<see cref="Majority.NextWave"/>): first as
    /// many as the majority needs (3 of 5), then further seeds only while it is undecided. The width found is the same;
    /// the counts of successes become lower bounds and <see cref="WidthTrial.Trained"/> says how many seeds ran. Default
    /// false: every seed runs to its end and the count of successes per width is exact.
    /// </summary>
    [Description("Stop a width's remaining seeds once at least half have memorized or too many have failed (faster; the counts per width become partial). Off by default; 1 or true in a sweep spec.")]
    public bool DecideEarly { get; init; }

    /// <summary>
    /// A size in bytes as <see cref="MemoryBytes"/> takes it: a number with an optional decimal unit (2GB, 500MB, 64K, 1.5e9
    /// or a plain byte count), at least 1 byte.
    /// </summary>
    /// <exception cref="MemLabException">(InvalidOptions) the text is not such a size.</exception>
    public static long ParseMemoryBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string upper = text.Trim().ToUpperInvariant().TrimEnd('B');
        double unit = upper.EndsWith('K') ? 1e3 : upper.EndsWith('M') ? 1e6 : upper.EndsWith('G') ? 1e9 : upper.EndsWith('T') ? 1e12 : 1;
        string number = unit == 1 ? upper : upper[..^1];
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value * unit >= 1 && value * unit < long.MaxValue)
            return (long)(value * unit);
        throw MemLabException.InvalidOptions($"'{text.Trim()}' is not a size; give e.g. 2GB, 500MB or a number of bytes >= 1.");
    }

    /// <summary>How the batched trainings of each width run: <see cref="MemoryBytes"/> and <see cref="Workers"/>, whose constraints are that record's.</summary>
    public BatchedTrainingOptions Batching() => new() { MemoryBytes = MemoryBytes, Workers = Workers };

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (Seeds < 1) yield return $"The seeds per width must be >= 1; got {Seeds}. Use 5 or more for a stable median.";
        if (Start < 1) yield return $"The start width must be >= 1; got {Start}.";
        if (MaxWidth < Start) yield return $"The largest width ({MaxWidth}) is below the start width ({Start}); raise the largest width or lower the start.";
        if (!(RelativePrecision >= 0 && RelativePrecision < 1))
            yield return $"The relative precision must be in [0, 1); got {RelativePrecision.ToString(CultureInfo.InvariantCulture)}. 0 finds the exact width.";
        foreach (string problem in Batching().Problems()) yield return problem;
    }
}
