namespace MemLab;

/// <summary>The check every writer makes before creating a file at a path the user gave: its folder exists and the path is not a folder.</summary>
public static class OutputPath
{
    /// <summary>Throws when <paramref name="path"/> cannot be written as a file.</summary>
    /// <exception cref="MemLabException">The path is empty (InvalidOptions), a folder (InvalidFile), or its folder does not exist (FileNotFound).</exception>
    public static void Require(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path))
            throw MemLabException.InvalidOptions("The output path is empty; give the name of the file to write, for example -o result.safetensors.");
        if (Directory.Exists(path))
            throw MemLabException.InvalidFile(path, "is a folder; give the path of the file to write, for example a name inside it.");
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
            throw MemLabException.FileNotFound(folder, $"Create that folder before writing {Path.GetFileName(path)}, or choose another path.");
    }
}
