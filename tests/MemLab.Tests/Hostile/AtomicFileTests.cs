using MemLab.Tests.Data.Loaders;

namespace MemLab.Tests.Hostile;

/// <summary>The atomic-write helper: a failing write (a full disk) keeps the previous file and leaves no temporary file; a killed writer's temporary file is removed by the next write.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_DiskFullHalfway_KeepsThePreviousFileAndNoTemporary()
    {
        string path = _folder.File("model.bin");
        File.WriteAllText(path, "previous");

        var error = Assert.Throws<MemLabException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));

        Assert.Equal(MemLabErrorKind.FileAccess, error.Kind);
        Assert.Contains("No space left on device", error.Message);
        Assert.Contains("previous file", error.Message);
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Write_Completes_ReplacesTheFileWholeAndLeavesNothingElse()
    {
        string path = _folder.File("out.csv");
        File.WriteAllText(path, "old");
        AtomicFile.WriteText(path, "new,content\n");
        Assert.Equal("new,content\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void Write_StaleTemporaryOfADeadProcess_IsRemoved_ALiveOnesIsKept()
    {
        // Process ids above the kernel's pid_max (at most 2^22) never run.
        string host = AtomicFile.HostTag;
        string dead = _folder.File($".model.bin.{4_194_304 + 17}-{host}.abcdefgh.ijk{AtomicFile.TemporarySuffix}");
        string live = _folder.File($".other.bin.{Environment.ProcessId}-{host}.abcdefgh.ijk{AtomicFile.TemporarySuffix}");
        string unrelated = _folder.File("notes.tmp");
        foreach (string file in new[] { dead, live, unrelated }) File.WriteAllText(file, "x");

        AtomicFile.WriteText(_folder.File("report.html"), "<html></html>");

        Assert.False(File.Exists(dead), "a killed writer's temporary file was left behind");
        Assert.True(File.Exists(live), "a running writer's temporary file was removed");
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void Write_AnotherMachinesTemporary_KeptWhileRecent_RemovedOnceAbandoned()
    {
        // On a folder shared between machines a process id means nothing here: only the file's age tells.
        string otherHost = AtomicFile.HostTag == "00000000" ? "11111111" : "00000000";
        string recent = _folder.File($".a.bin.{4_194_304 + 17}-{otherHost}.abcdefgh.ijk{AtomicFile.TemporarySuffix}");
        string abandoned = _folder.File($".b.bin.{4_194_304 + 17}-{otherHost}.abcdefgh.ijk{AtomicFile.TemporarySuffix}");
        string olderForm = _folder.File($".c.bin.{4_194_304 + 17}.abcdefgh.ijk{AtomicFile.TemporarySuffix}");
        foreach (string file in new[] { recent, abandoned, olderForm }) File.WriteAllText(file, "x");
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - AtomicFile.AbandonedAfter - TimeSpan.FromMinutes(1));

        AtomicFile.WriteText(_folder.File("report.html"), "<html></html>");

        Assert.True(File.Exists(recent), "another machine's running writer lost its temporary file");
        Assert.True(File.Exists(olderForm), "a recent temporary file without a machine tag was judged by a local process id");
        Assert.False(File.Exists(abandoned), "an abandoned temporary file of another machine was left behind");
    }

    [Fact]
    public void Write_IntoAFolderThatCannotBeWritten_OneMessageWithoutTheTemporaryName()
    {
        var error = Assert.Throws<MemLabException>(() => AtomicFile.WriteText("/sys/memlab-test.txt", "x"));
        Assert.Equal(MemLabErrorKind.FileAccess, error.Kind);
        Assert.DoesNotContain(AtomicFile.TemporarySuffix, error.Message);
    }
}
