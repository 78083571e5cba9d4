using System.Runtime.InteropServices;

namespace OversightLedger.Transparency.Storage;

/// <summary>
/// Linux <c>renameat2(…, RENAME_EXCHANGE)</c>: atomically swaps two existing names, so a file can be replaced by a
/// prepared one without unlinking an inode (each unlinked inode makes the next file creations on ext4 slower for a few
/// seconds). Answers false where it is not available (another OS, a file system without it, a missing name).
/// </summary>
internal static partial class PosixRenameExchange
{
    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint Exchange = 2; // RENAME_EXCHANGE

    /// <summary>Swaps <paramref name="first"/> and <paramref name="second"/>; false when the swap could not be made (nothing changed).</summary>
    public static bool TrySwap(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return RenameAt2(CurrentDirectory, first, CurrentDirectory, second, Exchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library without renameat2
        }
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);
}
