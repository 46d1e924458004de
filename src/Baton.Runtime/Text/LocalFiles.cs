using System.Runtime.InteropServices;

namespace Baton.Runtime.Text;

/// <summary>Reads the local files a user names (workflows, catalogs, inputs, SLO files) within a size bound, refusing a
/// device, a pipe or a socket before opening it.</summary>
/// <remarks>.NET reports every kind as a normal file of length 0, and opening a pipe blocks until a writer comes, so on
/// Linux the kind is read with <c>statx</c> (whose layout is the same on every architecture). Elsewhere, or where statx
/// is missing, an existing path that is not a directory counts as a regular file, and the size bound on reading still
/// holds.</remarks>
public static partial class LocalFiles
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 1;
    private const int ModeOffset = 28;

    /// <summary>Reads a regular file whole, reading no more than <paramref name="maxBytes"/> plus one buffer.</summary>
    /// <exception cref="IOException">The path is not a regular file, is larger than <paramref name="maxBytes"/>, or cannot be read; the message says which.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static byte[] ReadBounded(string path, long maxBytes)
    {
        if (!IsRegular(path))
        {
            throw new IOException(File.Exists(path) ? "it is not a regular file (a device, a pipe or a socket)" : "it does not exist");
        }
        using var stream = File.OpenRead(path);
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw new IOException($"it is larger than {maxBytes} bytes, the most read from a file");
            }
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    /// <summary>True when the path (links followed) is a regular file.</summary>
    public static bool IsRegular(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(path);
        }
        var buffer = new byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, path, 0, StatxType, buffer) != 0)
            {
                return File.Exists(path);
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return File.Exists(path);
        }
        return (BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000) == 0x8000;
    }

#pragma warning disable SYSLIB1054, CA5392 // A plain P/Invoke keeps the CLI free of unsafe code; libc is resolved by the loader.
    [DllImport("libc", EntryPoint = "statx")]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392
}
