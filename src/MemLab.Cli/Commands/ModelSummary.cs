namespace MemLab.Cli.Commands;

/// <summary>How the CLI shows a network: its file, architecture and provenance.</summary>
internal sealed record ModelSummary(string Path, OutputRule OutputRule, long ParameterCount, IReadOnlyList<ModelSummary.LayerSummary> Layers,
    NetworkProvenance Provenance)
{
    /// <summary>One layer's shape; <paramref name="Storage"/> is "dense" or "csr" (a <see cref="SparseLayer"/>, whose parameters are its stored weights and biases).</summary>
    internal sealed record LayerSummary(int Inputs, int Outputs, Activation Activation, long Parameters, string Storage);

    public static ModelSummary Of(string path, Network network) => new(System.IO.Path.GetFullPath(path),
        network.OutputRule, network.ParameterCount,
        network.Layers.Select(l => new LayerSummary(l.InputCount, l.OutputCount, l.Activation, l.ParameterCount, l is SparseLayer ? "csr" : "dense")).ToList(),
        network.Provenance);

    /// <summary>Widths as the papers write them, input first: "784-1000-1".</summary>
    public string Shape => string.Join("-", Layers.Select(l => l.Inputs).Append(Layers[^1].Outputs));
}
