using System.Runtime.InteropServices;

namespace GrnGpu.Models.Data.Output;

/// <summary>
/// Exchanges two folders of one file system in a single step (Linux <c>renameat2(RENAME_EXCHANGE)</c>), so a path
/// names the old folder or the new one at every instant. Where the kernel or file system cannot (ENOSYS, EINVAL,
/// another OS; or GRN_TEST_NO_EXCHANGE=1, for tests), <see cref="TryExchange"/> returns false and the caller falls back
/// to two renames.
/// </summary>
internal static partial class DirectorySwap
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;

    /// <summary>Swaps the folders at <paramref name="a"/> and <paramref name="b"/>; false where unsupported.</summary>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("GRN_TEST_NO_EXCHANGE") == "1") return false;
        try
        {
            if (RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0) return true;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
        int errno = Marshal.GetLastPInvokeError();
        const int ENOSYS = 38, EINVAL = 22, ENOTSUP = 95;
        if (errno is ENOSYS or EINVAL or ENOTSUP) return false;
        throw new IOException($"cannot exchange {a} and {b}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);
}
