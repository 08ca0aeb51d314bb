namespace MemLab.Constructions;

/// <summary>Which nonlinearity each part of a <see cref="VershyninConstruction"/> network uses.</summary>
public enum VershyninActivation
{
    /// <summary>Threshold units everywhere (Baum's question): enrichment, carried code, mirror perceptrons and ORs.</summary>
    Threshold,
    /// <summary>ReLU in every hidden layer; the output is one threshold unit on the sum of the last layer.</summary>
    Relu,
    /// <summary>ReLU in the two enrichment layers, threshold units from the third hidden layer on.</summary>
    Mixed,
}
