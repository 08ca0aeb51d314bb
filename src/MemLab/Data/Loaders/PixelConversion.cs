using System.Numerics.Tensors;

namespace MemLab.Data.Loaders;

/// <summary>Vectorized byte-to-float conversion shared by the image loaders.</summary>
internal static class PixelConversion
{
    /// <summary>Writes <paramref name="pixels"/> as floats into <paramref name="destination"/>, divided by 255 for <see cref="PixelScale.UnitInterval"/>.</summary>
    public static void ToSingle(ReadOnlySpan<byte> pixels, Span<float> destination, PixelScale scale)
    {
        Span<float> target = destination[..pixels.Length];
        if (scale != PixelScale.UnitInterval)
        {
            TensorPrimitives.ConvertTruncating<byte, float>(pixels, target);
            return;
        }
        // Converted and divided a block at a time, so each block is still in cache for the division (the same values).
        const int Block = 4096;
        for (int start = 0; start < pixels.Length; start += Block)
        {
            int length = Math.Min(Block, pixels.Length - start);
            Span<float> part = target.Slice(start, length);
            TensorPrimitives.ConvertTruncating<byte, float>(pixels.Slice(start, length), part);
            TensorPrimitives.Divide(part, 255f, part);
        }
    }

    /// <summary>A phrase for provenance descriptions.</summary>
    public static string Describe(PixelScale scale) => scale switch
    {
        PixelScale.UnitInterval => "pixels divided by 255 into [0, 1]",
        PixelScale.Raw => "raw pixel values 0..255",
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "Unknown pixel scale."),
    };
}
