namespace MemLab.Constructions;

/// <summary>
/// Base of every construction's options record: immutable values with documented defaults, checked once at the
/// start of a build by <see cref="Validate"/>, which reports every problem at once (the scikit-learn pattern).
/// </summary>
public abstract record ConstructionOptions : ICheckedOptions
{
    /// <summary>Throws when any option is out of range, naming every such option, its value and the valid range.</summary>
    /// <exception cref="MemLabException">(InvalidOptions) one message listing every problem.</exception>
    public void Validate()
    {
        var problems = Problems().ToList();
        if (problems.Count > 0)
            throw MemLabException.InvalidOptions(string.Join(" ", problems));
    }

    /// <inheritdoc/>
    public abstract IEnumerable<string> Problems();
}
