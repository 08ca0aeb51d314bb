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
}
