using System.Diagnostics;

namespace MemLab.Bench;

/// <summary>Wall and process CPU time since the last mark, printed one line per step (CPU time is the steadier figure on a shared machine).</summary>
internal sealed class BenchClock
{
    private long _start = Stopwatch.GetTimestamp();
    private TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Prints and returns the wall and CPU seconds since the last mark, and starts the next step.</summary>
    public (double Wall, double Cpu) Print(string what)
    {
        double wall = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        double used = (cpu - _cpu).TotalSeconds;
        Console.WriteLine($"{what,-70} {wall,7:F2} s wall {used,7:F2} s CPU");
        _start = Stopwatch.GetTimestamp();
        _cpu = cpu;
        return (wall, used);
    }
}
