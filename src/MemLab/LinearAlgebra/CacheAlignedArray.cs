using System.Runtime.InteropServices;

namespace MemLab.LinearAlgebra;

/// <summary>
/// A zeroed buffer whose first entry starts a 64-byte cache line, in a pinned array (the garbage collector never moves
/// it off the line). Rows whose strides are whole 512-bit vectors then start lines too, and a 512-bit load of one never
/// straddles two: on an unaligned array every such load touches two lines, which cost the sparse weight-gradient kernel
/// (Training.SparseGradient), four loads of a row of x per multiply, about a quarter of its speed. The native integer
/// screen (Networks.PairFirstLayer) needs it for its aligned 512-bit loads.
/// </summary>
internal sealed class CacheAlignedArray<T> where T : unmanaged
{
    private const int LineBytes = 64;
    private readonly T[] _array;
    private readonly int _offset;

    /// <summary>A buffer of <paramref name="length"/> zeros.</summary>
    public unsafe CacheAlignedArray(int length)
    {
        int spare = LineBytes / sizeof(T) - 1;
        _array = GC.AllocateArray<T>(checked(length + spare), pinned: true);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(_array, 0);
        _offset = (int)((LineBytes - address % LineBytes) % LineBytes) / sizeof(T);
        Length = length;
    }

    public int Length { get; }

    /// <summary>The buffer's entries.</summary>
    public Span<T> Span => _array.AsSpan(_offset, Length);
}
