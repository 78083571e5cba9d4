using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// The stored form of a closed period's totals (<see cref="ClosedPeriodTotals"/>): magic <c>OLPERIOD</c>, format version
/// (1 byte), program id and period (length-prefixed UTF-8, 2-byte big-endian lengths), count (4 bytes), sum (8 bytes),
/// then one 40-byte record per pseudonym (its 32 bytes of bits, its total), then the SHA-256 of everything before it.
/// </summary>
internal static class ClosedPeriodCodec
{
    /// <summary>The format version written; any other is refused.</summary>
    public const byte Version = 1;

    private const int RecordBytes = 40;
    private static readonly byte[] Magic = "OLPERIOD"u8.ToArray();

    /// <summary>The stored bytes of <paramref name="totals"/> and what a program keeps of them.</summary>
    public static (byte[] Content, ClosedPeriodTotals Totals) Encode(string programId, string period, IReadOnlyCollection<KeyValuePair<PseudonymBits, long>> totals)
    {
        byte[] id = Encoding.UTF8.GetBytes(programId);
        byte[] name = Encoding.UTF8.GetBytes(period);
        int header = Magic.Length + 1 + 2 + id.Length + 2 + name.Length + 4 + 8;
        byte[] content = new byte[checked(header + (totals.Count * RecordBytes) + SHA256.HashSizeInBytes)];
        Span<byte> at = content;
        Magic.CopyTo(at);
        at = at[Magic.Length..];
        at[0] = Version;
        at = at[1..];
        at = WriteText(at, id);
        at = WriteText(at, name);
        BinaryPrimitives.WriteInt32BigEndian(at, totals.Count);
        Span<byte> sumAt = at[4..];
        at = at[12..];
        long sum = 0;
        foreach ((PseudonymBits bits, long total) in totals)
        {
            BinaryPrimitives.WriteUInt64BigEndian(at, bits.W0);
            BinaryPrimitives.WriteUInt64BigEndian(at[8..], bits.W1);
            BinaryPrimitives.WriteUInt64BigEndian(at[16..], bits.W2);
            BinaryPrimitives.WriteUInt64BigEndian(at[24..], bits.W3);
            BinaryPrimitives.WriteInt64BigEndian(at[32..], total);
            at = at[RecordBytes..];
            sum = checked(sum + total);
        }

        BinaryPrimitives.WriteInt64BigEndian(sumAt, sum);
        SHA256.HashData(content.AsSpan(0, content.Length - SHA256.HashSizeInBytes), at);
        return (content, new ClosedPeriodTotals(period, totals.Count, sum, Convert.ToHexStringLower(at)));
    }

    /// <summary>
    /// The totals stored in <paramref name="content"/>, refused unless it is the whole copy <paramref name="expected"/>
    /// names: its checksum holds and is the expected digest, of this program and period, with the expected count and sum.
    /// </summary>
    /// <exception cref="InvalidDataException">Anything else; the message says what.</exception>
    public static Dictionary<PseudonymBits, long> Decode(string programId, ClosedPeriodTotals expected, ReadOnlySpan<byte> content)
    {
        if (content.Length < Magic.Length + 1 + 4 + 12 + SHA256.HashSizeInBytes || !content[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"The stored totals of {expected.Period} are not a closed period's ({content.Length} bytes).");
        }

        ReadOnlySpan<byte> body = content[..^SHA256.HashSizeInBytes];
        string digest = Convert.ToHexStringLower(content[^SHA256.HashSizeInBytes..]);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(content[^SHA256.HashSizeInBytes..]))
        {
            throw new InvalidDataException($"The checksum of the stored totals of {expected.Period} does not match their content.");
        }

        if (digest != expected.Digest)
        {
            throw new InvalidDataException($"The stored totals of {expected.Period} have the digest {digest}, the program names {expected.Digest}.");
        }

        ReadOnlySpan<byte> at = body[Magic.Length..];
        if (at[0] != Version)
        {
            throw new InvalidDataException($"The stored totals of {expected.Period} are of format version {at[0]}, not {Version}.");
        }

        at = at[1..];
        string id = ReadText(ref at);
        string period = ReadText(ref at);
        if (id != programId || period != expected.Period || at.Length < 12)
        {
            throw new InvalidDataException($"The stored totals are of {id} {period}, not of {programId} {expected.Period}.");
        }

        int count = BinaryPrimitives.ReadInt32BigEndian(at);
        long sum = BinaryPrimitives.ReadInt64BigEndian(at[4..]);
        at = at[12..];
        if (count != expected.Count || sum != expected.Sum || at.Length != (long)count * RecordBytes)
        {
            throw new InvalidDataException($"The stored totals of {expected.Period} hold {count} totals summing to {sum}, not {expected.Count} summing to {expected.Sum}.");
        }

        var totals = new Dictionary<PseudonymBits, long>(count);
        long added = 0;
        for (; !at.IsEmpty; at = at[RecordBytes..])
        {
            var bits = new PseudonymBits(
                BinaryPrimitives.ReadUInt64BigEndian(at), BinaryPrimitives.ReadUInt64BigEndian(at[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(at[16..]), BinaryPrimitives.ReadUInt64BigEndian(at[24..]));
            long total = BinaryPrimitives.ReadInt64BigEndian(at[32..]);
            if (total == 0 || !totals.TryAdd(bits, total))
            {
                throw new InvalidDataException($"The stored totals of {expected.Period} hold a zero or repeated total.");
            }

            added = checked(added + total);
        }

        return added == sum ? totals : throw new InvalidDataException($"The stored totals of {expected.Period} add up to {added}, not {sum}.");
    }

    private static Span<byte> WriteText(Span<byte> at, byte[] utf8)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, checked((ushort)utf8.Length));
        utf8.CopyTo(at[2..]);
        return at[(2 + utf8.Length)..];
    }

    private static string ReadText(ref ReadOnlySpan<byte> at)
    {
        if (at.Length < 2 || at.Length - 2 < BinaryPrimitives.ReadUInt16BigEndian(at))
        {
            throw new InvalidDataException("The stored totals end inside their header.");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(at);
        string text = Encoding.UTF8.GetString(at.Slice(2, length));
        at = at[(2 + length)..];
        return text;
    }
}
