using System.Globalization;

namespace MemLab;

/// <summary>
/// The size check made before a large allocation: the count must fit one .NET array and its bytes the memory this
/// process may use, so that data too large for the machine is refused at once, in one line naming the size and the
/// limit, instead of failing part-way (or being killed) after minutes.
/// </summary>
public static class MemoryBudget
{
    /// <summary>The bytes this process may allocate: the GC's limit (physical memory, a container limit or DOTNET_GCHeapHardLimit).</summary>
    public static long Limit => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Throws unless <paramref name="count"/> values of <paramref name="bytesPerValue"/> bytes fit one array and the memory limit.</summary>
    /// <param name="count">How many values the allocation holds.</param>
    /// <param name="bytesPerValue">Bytes per value, counting any working copy the computation keeps beside it.</param>
    /// <param name="what">What is allocated, as the start of a sentence: "gaussian: n * d = 200000000 * 10 values".</param>
    /// <param name="advice">What to do instead: "lower n or d".</param>
    /// <exception cref="MemLabException">The allocation is too large (InvalidData).</exception>
    public static void Require(long count, int bytesPerValue, string what, string advice)
    {
        if (count < 0 || count > Array.MaxLength)
            throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                $"{what} are {(count < 0 ? "more than 2^63" : count.ToString("N0", CultureInfo.InvariantCulture))} values, more than the {Array.MaxLength:N0} one array holds; {advice}."));
        double bytes = (double)count * bytesPerValue;
        long limit = Limit;
        if (bytes > limit)
            throw MemLabException.InvalidData(string.Create(CultureInfo.InvariantCulture,
                $"{what} need {Size(bytes)} of memory, more than the {Size(limit)} this process may use; {advice}."));
    }

    /// <summary>A byte count in the largest unit that keeps it at or above 1 (B, KB, MB, GB, TB; powers of 1024).</summary>
    public static string Size(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        int unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[unit]}");
    }
}
