using System.Runtime.CompilerServices;
using MemLab.Training;

namespace MemLab.Tests.Training;

/// <summary>The aligned buffers of the batched trainer start a 64-byte cache line, hold zeros and have the length asked for.</summary>
public class AlignedFloatsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(1000)]
    public unsafe void Span_StartsACacheLineAndHoldsZeros(int length)
    {
        for (int k = 0; k < 20; k++)
        {
            var buffer = new AlignedFloats(length);
            var span = buffer.Span;
            Assert.Equal(length, span.Length);
            Assert.Equal(0L, (long)Unsafe.AsPointer(ref span[0]) % 64);
            Assert.All(span.ToArray(), v => Assert.Equal(0f, v));
            // Other allocations between, so that the arrays start at different offsets.
            _ = new byte[k * 4 + 4];
        }
    }
}
