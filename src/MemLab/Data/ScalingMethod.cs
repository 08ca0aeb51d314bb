namespace MemLab.Data;

/// <summary>How <see cref="Scaling.Apply(Dataset, ScalingMethod)"/> rescales the points (spec key <c>scale=</c>, written in kebab case).</summary>
public enum ScalingMethod
{
    /// <summary>Leave the points as they are (<c>scale=none</c>).</summary>
    None,
    /// <summary>Divide every point by the largest norm, so the data fits the unit ball and touches its boundary (<c>scale=unit-ball</c>).</summary>
    UnitBall,
    /// <summary>Normalize each point to norm 1 (<c>scale=unit-rows</c>).</summary>
    UnitRows,
    /// <summary>Shift and scale each feature to mean 0 and variance 1 (<c>scale=standardize</c>).</summary>
    Standardize,
}
