using System.ComponentModel;

namespace MemLab.Experiments;

/// <summary>
/// The dissection sweep task's own parameters (Gu and Tresp 2019; docs/algorithms.md section 7), beside the training
/// recipe's: S, the networks per label kind, and the indices of the two of the 2S networks a run compares. Bound by
/// <see cref="OptionsBinder"/> under <c>first</c>, <c>second</c> and <c>seeds</c>; <see cref="Problems"/> states their
/// constraints once.
/// </summary>
public sealed record DissectionTaskOptions : ICheckedOptions
{
    /// <summary>The index of the first network compared, in 0 .. 2S-1. Default 0.</summary>
    [Description("Index of the first network compared, 0 .. 2S-1.")]
    public int First { get; init; }

    /// <summary>The index of the second network compared, in 0 .. 2S-1. Default 1.</summary>
    [Description("Index of the second network compared, 0 .. 2S-1.")]
    public int Second { get; init; } = 1;

    /// <summary>S: networks 0 .. S-1 train on the data's labels, S .. 2S-1 on random labels. Default 5. Must be >= 1.</summary>
    [Description("S, networks per label kind: 0 .. S-1 train on the labels, S .. 2S-1 on random labels (>= 1).")]
    public int Seeds { get; init; } = 5;

    /// <summary>Whether network <paramref name="index"/> trains on random labels (index S or above).</summary>
    public bool IsRandom(int index) => index >= Seeds;

    /// <inheritdoc/>
    public IEnumerable<string> Problems()
    {
        if (Seeds < 1)
            yield return $"The networks per label kind (seeds) must be >= 1; got {Seeds}.";
        else if (First < 0 || Second < 0 || First >= 2 * Seeds || Second >= 2 * Seeds)
            yield return $"first={First} and second={Second} must index the 2 x seeds = {2 * Seeds} networks (0 to {2 * Seeds - 1}).";
    }
}
