namespace MemLab.Networks;

/// <summary>One tensor entry of a safetensors header, checked by <see cref="SafetensorsReader.Tensor"/>: its bytes are [Begin, End) of the data section.</summary>
/// <param name="Name">The tensor's name, e.g. <c>layers.0.weight</c>.</param>
/// <param name="DType">F64, F32 or I32.</param>
/// <param name="Shape">The sizes, outermost first.</param>
/// <param name="ShapeText">The shape as the header writes it, for messages.</param>
/// <param name="Begin">The first byte, from the start of the data section.</param>
/// <param name="End">One past the last byte.</param>
internal sealed record SafetensorsTensor(string Name, string DType, long[] Shape, string ShapeText, long Begin, long End)
{
    /// <summary>The number of elements: the product of the sizes (held below long.MaxValue / 8, so a byte count never overflows; no file is that large).</summary>
    public long Count { get; } = Shape.Aggregate(1L, (product, size) =>
        product == 0 || size == 0 ? 0 : product > long.MaxValue / 8 / size ? long.MaxValue / 8 : product * size);
}
