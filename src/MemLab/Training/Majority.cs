namespace MemLab.Training;

/// <summary>
/// The majority rule of the width search: S trainings of one width succeed together when at least half of them
/// memorize (ceil(S / 2) of S). Once that many have memorized, or more than S - ceil(S / 2) have failed, the outcome
/// of the width is decided whatever the rest do.
/// </summary>
public static class Majority
{
    /// <summary>The successes a width of <paramref name="size"/> trainings needs: ceil(size / 2).</summary>
    public static int Needed(int size) => (size + 1) / 2;

    /// <summary>Whether <paramref name="successes"/> and <paramref name="failures"/> out of <paramref name="size"/> trainings already decide the majority.</summary>
    public static bool Decided(int size, int successes, int failures) =>
        successes >= Needed(size) || failures > size - Needed(size);

    /// <summary>
    /// Deciding early, how many further trainings to run after <paramref name="successes"/> and
    /// <paramref name="failures"/>: the fewest that could decide the majority (the successes still needed, or the
    /// failures that would make it unreachable, whichever is fewer), 0 once it is decided. Trained in such waves, a width
    /// runs exactly the seeds that a loop training them one at a time and stopping at the decision runs: no shorter
    /// prefix could have decided, and a wave decides only when all of its trainings agree.
    /// </summary>
    public static int NextWave(int size, int successes, int failures) =>
        Decided(size, successes, failures) ? 0 : Math.Min(Needed(size) - successes, size - Needed(size) + 1 - failures);
}
