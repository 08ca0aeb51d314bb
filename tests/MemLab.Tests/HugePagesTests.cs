namespace MemLab.Tests;

public class HugePagesTests
{
    [Fact]
    public void AdviseManagedHeap_OnLinux_MarksTheRuntimesReservationForHugePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(0, HugePages.AdviseManagedHeap());
            return;
        }
        if (!File.Exists("/sys/kernel/mm/transparent_hugepage/enabled"))
        {
            // A kernel built without transparent huge pages refuses the advice: nothing is marked, nothing breaks.
            Assert.Equal(0, HugePages.AdviseManagedHeap());
            return;
        }
        Assert.True(HugePages.AdviseManagedHeap() > 0);
        // The kernel lists MADV_HUGEPAGE as the flag "hg" of the advised ranges.
        string[] flags = File.ReadAllLines("/proc/self/smaps").Where(l => l.StartsWith("VmFlags:", StringComparison.Ordinal)).ToArray();
        Assert.Contains(flags, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg"));
    }
}
