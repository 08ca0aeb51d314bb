namespace MemLab;

/// <summary>
/// The one check every <see cref="ICheckedOptions"/> record is put through: its <see cref="ICheckedOptions.Problems"/>,
/// thrown all at once, so a caller learns every invalid value from one message.
/// </summary>
public static class CheckedOptions
{
    /// <summary>Throws when <paramref name="options"/> has any problem, naming each (the value found and the valid range) in one message.</summary>
    /// <exception cref="MemLabException">(InvalidOptions) one message listing every problem.</exception>
    public static void Validate(this ICheckedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        if (problems.Count > 0) throw MemLabException.InvalidOptions(string.Join(" ", problems));
    }
}
