namespace MemLab.Data.Loaders;

/// <summary>How an image loader turns stored 8-bit pixel values into features.</summary>
public enum PixelScale
{
    /// <summary>Divide each byte by 255, giving features in [0, 1]. The default.</summary>
    UnitInterval,
    /// <summary>Keep the stored values 0 .. 255 as floats.</summary>
    Raw,
}
