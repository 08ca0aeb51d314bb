namespace MemLab.Data.Loaders;

/// <summary>Which part of CIFAR-10 <see cref="CifarLoader"/> reads.</summary>
public enum CifarSplit
{
    /// <summary>The 50,000 training images in data_batch_1.bin .. data_batch_5.bin.</summary>
    Train,
    /// <summary>The 10,000 test images in test_batch.bin.</summary>
    Test,
    /// <summary>Training batches followed by the test batch (60,000).</summary>
    All,
}
