namespace MemLab;

/// <summary>The elementwise nonlinearity of a <see cref="Layer"/>.</summary>
public enum Activation
{
    /// <summary>Heaviside step H(t) = 1 if t &gt; 0, else 0 (so H(0) = 0), as in docs/algorithms.md.</summary>
    Threshold,
    /// <summary>ReLU(t) = max(t, 0).</summary>
    Relu,
    /// <summary>The identity: the layer is affine.</summary>
    Identity,
}
