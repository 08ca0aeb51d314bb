using System.Diagnostics;

namespace MemLab;

/// <summary>Whether a process of this machine still runs, for telling a killed writer's leftovers from a live one's work.</summary>
internal static class LiveProcess
{
    /// <summary>True when a process with id <paramref name="pid"/> runs on this machine (this process included).</summary>
    public static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        if (pid <= 0) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
