namespace MemLab;

/// <summary>How a <see cref="Network"/>'s final outputs become a prediction.</summary>
public enum OutputRule
{
    /// <summary>One output o; the predicted class is 1 if o &gt; 0, else 0 (binary classification).</summary>
    Sign,
    /// <summary>K outputs; the predicted class is the index of the largest. A tie for the largest is a failure, never broken silently.</summary>
    Argmax,
    /// <summary>One output whose value is the prediction (real targets).</summary>
    Value,
}
