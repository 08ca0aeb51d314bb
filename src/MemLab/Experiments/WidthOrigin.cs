namespace MemLab.Experiments;

/// <summary>Where a <see cref="ConstructiveWidth"/> comes from.</summary>
public enum WidthOrigin
{
    /// <summary>memlab built the construction on the data and took its hidden width.</summary>
    Built,

    /// <summary>The construction does not apply to the data; the width is the paper's count for this N and d.</summary>
    Formula,

    /// <summary>Neither built nor given by a formula (the construction does not take this kind of data).</summary>
    Unavailable,
}
