using System.Runtime.CompilerServices;
using MemLab.LinearAlgebra;

namespace MemLab.Tests.LinearAlgebra;

/// <summary>Cache-aligned buffers (the batched trainer's floats, the integer screen's int16 weights) start a 64-byte line, hold zeros and have the length asked for.</summary>
public class CacheAlignedArrayTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    public unsafe void Span_StartsACacheLineAndHoldsZeros(int length)
    {
        for (int k = 0; k < 20; k++)
        {
            var floats = new CacheAlignedArray<float>(length).Span;
            Assert.Equal(length, floats.Length);
            Assert.Equal(0L, (long)Unsafe.AsPointer(ref floats[0]) % 64);
            Assert.All(floats.ToArray(), v => Assert.Equal(0f, v));
            var shorts = new CacheAlignedArray<short>(length).Span;
            Assert.Equal(length, shorts.Length);
            Assert.Equal(0L, (long)Unsafe.AsPointer(ref shorts[0]) % 64);
            Assert.All(shorts.ToArray(), v => Assert.Equal((short)0, v));
            // Other allocations between, so that the arrays start at different offsets.
            _ = new byte[k * 4 + 4];
        }
    }
}
