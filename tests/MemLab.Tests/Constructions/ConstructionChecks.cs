using MemLab.LinearAlgebra;
using MemLab.Networks;
using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Constructions;

/// <summary>Checks shared by the construction tests: an independent verification of a saved and reloaded network, and bit-identical networks.</summary>
internal static class ConstructionChecks
{
    /// <summary>Saves <paramref name="network"/> to a temporary file, loads it back and verifies the loaded copy on <paramref name="data"/>.</summary>
    public static VerificationReport VerifyReloaded(Network network, Dataset data, IBlas blas)
    {
        using var folder = new TempDirectory();
        string path = folder.File("model.safetensors");
        NetworkFile.Save(network, path);
        return Verification.Verify(NetworkFile.Load(path), data, blas);
    }

    /// <summary>Asserts that two networks have the same layers, bit for bit.</summary>
    public static void AssertIdentical(Network expected, Network actual)
    {
        Assert.Equal(expected.Layers.Count, actual.Layers.Count);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            Assert.Equal(expected.Layers[l].StoredWeights.ToArray(), actual.Layers[l].StoredWeights.ToArray());
            Assert.Equal(expected.Layers[l].Bias.ToArray(), actual.Layers[l].Bias.ToArray());
            Assert.Equal(expected.Layers[l].Activation, actual.Layers[l].Activation);
        }
    }
}
