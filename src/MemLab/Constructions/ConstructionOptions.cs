namespace MemLab.Constructions;

/// <summary>
/// Base of every construction's options record: immutable values with documented defaults, checked once at the
/// start of a build by <see cref="CheckedOptions.Validate"/>, which reports every problem at once (the scikit-learn pattern).
/// </summary>
public abstract record ConstructionOptions : ICheckedOptions
{
    /// <inheritdoc/>
    public abstract IEnumerable<string> Problems();
}
