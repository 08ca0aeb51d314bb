using System.Numerics.Tensors;

namespace MemLab.Data.Loaders;

/// <summary>Vectorized byte-to-float conversion shared by the image loaders.</summary>
internal static class PixelConversion
{
    /// <summary>Writes <paramref name="pixels"/> as floats into <paramref name="destination"/>, divided by 255 for <see cref="PixelScale.UnitInterval"/>.</summary>
    public static void ToSingle(ReadOnlySpan<byte> pixels, Span<float> destination, PixelScale scale)
    {
        Span<float> target = destination[..pixels.Length];
        TensorPrimitives.ConvertTruncating<byte, float>(pixels, target);
        if (scale == PixelScale.UnitInterval)
            TensorPrimitives.Divide(target, 255f, target);
    }

    /// <summary>A phrase for provenance descriptions.</summary>
    public static string Describe(PixelScale scale) => scale switch
    {
        PixelScale.UnitInterval => "pixels divided by 255 into [0, 1]",
        PixelScale.Raw => "raw pixel values 0..255",
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown pixel scale."),
    };
}
