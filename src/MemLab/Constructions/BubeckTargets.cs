namespace MemLab.Constructions;

/// <summary>What <see cref="BubeckConstruction"/> interpolates, chosen from the data's targets.</summary>
public enum BubeckTargets
{
    /// <summary>Real targets: one output, its value is the prediction (<see cref="OutputRule.Value"/>).</summary>
    Real,
    /// <summary>Two classes: one output interpolating -1 (class 0) and +1 (class 1), read by its sign (<see cref="OutputRule.Sign"/>).</summary>
    SignedBinary,
    /// <summary>K &gt; 2 classes: K outputs interpolating the one-hot code (1 for the point's class, 0 elsewhere), read by argmax (<see cref="OutputRule.Argmax"/>).</summary>
    OneHot,
}
