using System.Runtime.InteropServices;

namespace MemLab.LinearAlgebra.Native;

/// <summary>
/// The C library calls the OpenBLAS binding needs on Linux and macOS: the native environment (which OpenBLAS reads
/// while it loads, and which .NET's Environment.SetEnvironmentVariable does not reach) and dladdr (which file a
/// loaded symbol came from). Callers check <see cref="IsAvailable"/> first.
/// </summary>
internal static unsafe partial class LibC
{
    /// <summary>True where these calls exist: Linux and macOS.</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>The native value of an environment variable, or null when it is unset.</summary>
    public static string? GetEnvironmentVariable(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    /// <summary>Sets an environment variable in the native environment; false when libc refuses (out of memory).</summary>
    public static bool SetEnvironmentVariable(string name, string value) => SetEnv(name, value, 1) == 0;

    /// <summary>The path of the shared object that holds <paramref name="symbol"/>, or null when dladdr cannot tell.</summary>
    public static string? LibraryPathOf(void* symbol)
    {
        DlInfo info;
        return DlAddr(symbol, &info) != 0 ? Marshal.PtrToStringUTF8(info.FileName) : null;
    }

    /// <summary>glibc's and macOS's Dl_info: four pointers, of which only the file name is read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public nint FileName;
        public nint FileBase;
        public nint SymbolName;
        public nint SymbolAddress;
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "dladdr")]
    private static partial int DlAddr(void* address, DlInfo* info);
}
