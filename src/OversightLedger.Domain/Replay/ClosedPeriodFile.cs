using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Replay;

/// <summary>
/// Where a bounded replay puts the per-beneficiary totals of cap periods that have closed: a temporary file of 40-byte
/// records (the pseudonym's bits and the total), appended to, read back only when a late entry names a closed period
/// again. The file is removed as soon as it is made (on Windows: when the process ends), so nothing is left behind.
/// </summary>
/// <remarks>Not thread-safe; shared by the programs of one replay.</remarks>
internal sealed class ClosedPeriodFile
{
    private const int RecordBytes = 40;
    private SafeFileHandle? _file;

    /// <summary>The bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Writes <paramref name="totals"/> and returns where they are.</summary>
    public (long Offset, int Count) Write(IReadOnlyCollection<KeyValuePair<PseudonymBits, long>> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        _file ??= UnlinkedTemporaryFile.Create("oversight-replay-periods");
        byte[] buffer = new byte[checked(totals.Count * RecordBytes)];
        int at = 0;
        foreach ((PseudonymBits bits, long total) in totals)
        {
            Span<byte> record = buffer.AsSpan(at, RecordBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(record, bits.W0);
            BinaryPrimitives.WriteUInt64LittleEndian(record[8..], bits.W1);
            BinaryPrimitives.WriteUInt64LittleEndian(record[16..], bits.W2);
            BinaryPrimitives.WriteUInt64LittleEndian(record[24..], bits.W3);
            BinaryPrimitives.WriteInt64LittleEndian(record[32..], total);
            at += RecordBytes;
        }

        long offset = Length;
        RandomAccess.Write(_file, buffer, offset);
        Length += buffer.Length;
        return (offset, totals.Count);
    }

    /// <summary>Reads back the totals written at <paramref name="offset"/>.</summary>
    public Dictionary<PseudonymBits, long> Read(long offset, int count)
    {
        if (_file is null)
        {
            throw new InvalidOperationException("Nothing was written.");
        }

        byte[] buffer = new byte[checked(count * RecordBytes)];
        for (int read = 0; read < buffer.Length;)
        {
            int n = RandomAccess.Read(_file, buffer.AsSpan(read), offset + read);
            read += n > 0 ? n : throw new IOException("The file of closed periods ended early.");
        }

        var totals = new Dictionary<PseudonymBits, long>(count);
        for (int at = 0; at < buffer.Length; at += RecordBytes)
        {
            ReadOnlySpan<byte> record = buffer.AsSpan(at, RecordBytes);
            totals.Add(
                new PseudonymBits(
                    BinaryPrimitives.ReadUInt64LittleEndian(record),
                    BinaryPrimitives.ReadUInt64LittleEndian(record[8..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(record[16..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(record[24..])),
                BinaryPrimitives.ReadInt64LittleEndian(record[32..]));
        }

        return totals;
    }
}
