using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace MemLab.Data.Loaders;

/// <summary>
/// A range of a file's bytes mapped read-only into memory, as <see cref="Memory{T}"/>: reading it maps the file's pages
/// from the page cache instead of copying them into fresh pages (which the kernel must first zero; on all of MNIST's
/// 55 MB of decoded pixels that copy cost more than the rest of the load). The mapping lasts until the object is
/// collected or disposed; a file replaced by rename meanwhile leaves the mapped one intact.
/// </summary>
internal sealed unsafe class MappedBytes : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly int _length;

    private MappedBytes(MemoryMappedFile file, MemoryMappedViewAccessor view, byte* start, int length)
    {
        _file = file;
        _view = view;
        _start = start;
        _length = length;
    }

    /// <summary>Maps bytes <paramref name="offset"/> .. + <paramref name="length"/> of the open file <paramref name="stream"/>, which it then owns.</summary>
    public static MappedBytes Map(FileStream stream, long offset, int length)
    {
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        MemoryMappedViewAccessor view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        return new MappedBytes(file, view, pointer + view.PointerOffset + offset, length);
    }

    public override Span<byte> GetSpan() => new(_start, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_start + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
