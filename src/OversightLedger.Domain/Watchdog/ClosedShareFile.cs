using Microsoft.Win32.SafeHandles;
using OversightLedger.Domain.Collections;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// Where a monitor's beneficiary shares of closed quarters (<see cref="BeneficiaryPeriodRules"/>) and its programs' cap
/// totals of closed periods (<see cref="ClosedCapPeriods"/>) go: one temporary file of blocks appended to, read back only
/// when a late entry names a closed period again or a snapshot is written. The file is removed as soon as it is made (on
/// Windows: when the process ends), so nothing is left behind.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class ClosedShareFile
{
    private SafeFileHandle? _file;

    /// <summary>The bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Appends <paramref name="block"/> and returns where it is.</summary>
    public long Write(byte[] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        _file ??= UnlinkedTemporaryFile.Create("oversight-watchdog-shares");
        long offset = Length;
        RandomAccess.Write(_file, block, offset);
        Length += block.Length;
        return offset;
    }

    /// <summary>Reads back the block of <paramref name="length"/> bytes written at <paramref name="offset"/>.</summary>
    public byte[] Read(long offset, int length)
    {
        if (_file is null)
        {
            throw new InvalidOperationException("Nothing was written.");
        }

        byte[] block = new byte[length];
        for (int read = 0; read < length;)
        {
            int n = RandomAccess.Read(_file, block.AsSpan(read), offset + read);
            read += n > 0 ? n : throw new IOException("The file of closed periods ended early.");
        }

        return block;
    }
}
