namespace MemLab;

/// <summary>
/// An options record that states its own constraints, once: <see cref="Problems"/> names every invalid value (and every
/// invalid combination) in one sentence each, the record's <c>Validate</c> throws them all in one message, and the
/// command line checks given values against the same sentences while it parses (<see cref="Experiments.OptionsBinder.Problems"/>),
/// so no range is written a second time for a front end.
/// </summary>
public interface ICheckedOptions
{
    /// <summary>One sentence per problem: what is wrong, the value found and the valid range. Empty when the options are valid.</summary>
    IEnumerable<string> Problems();
}
