namespace MemLab;

/// <summary>The one check every reader makes before opening a file: it exists and is a file, not a folder.</summary>
internal static class ExistingFile
{
    /// <summary>Throws FileNotFound (with <paramref name="hint"/>) when <paramref name="path"/> does not exist, InvalidFile when it is a folder.</summary>
    public static void Require(string path, string hint)
    {
        if (Directory.Exists(path))
            throw MemLabException.InvalidFile(path, "is a folder, not a file; give the path of the file itself.");
        if (!File.Exists(path))
            throw MemLabException.FileNotFound(path, hint);
    }
}
