namespace MemLab.Data;

/// <summary>Which side of a <see cref="Subsets.Split"/> the spec key <c>part=</c> keeps.</summary>
public enum HoldoutPart
{
    /// <summary>The training part: every point not held out (<c>part=train</c>, the default).</summary>
    Train,
    /// <summary>The held-out test part (<c>part=test</c>).</summary>
    Test,
}
