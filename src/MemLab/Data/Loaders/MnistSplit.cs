namespace MemLab.Data.Loaders;

/// <summary>Which part of MNIST <see cref="MnistLoader"/> reads.</summary>
public enum MnistSplit
{
    /// <summary>The 60,000 training images (train-images-idx3-ubyte, train-labels-idx1-ubyte).</summary>
    Train,
    /// <summary>The 10,000 test images (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte).</summary>
    Test,
    /// <summary>Training images followed by test images (70,000).</summary>
    All,
}
