#if !NET8_0_OR_GREATER
using System.Runtime.InteropServices;

namespace Geonode.Scraper.Internal;

/// <summary>The netstandard2.0 build's way to make a file owner-only on Unix (there is no managed API for it there).</summary>
internal static class NativeMethods
{
    private const int OwnerReadWrite = 0x180;   // 0600

    /// <summary>Best effort: restricts <paramref name="path"/> to its owner on Linux and macOS; does nothing elsewhere or on failure.</summary>
    public static void TryMakeOwnerOnly(string path)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
        {
            return;
        }

        try
        {
            _ = Chmod(path, OwnerReadWrite);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // No libc to call: the file keeps the process's default permissions.
        }
    }

    [DllImport("libc", EntryPoint = "chmod", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Chmod(string path, int mode);
}
#endif
