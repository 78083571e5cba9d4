using System.Buffers.Binary;
using System.Buffers.Text;

namespace OversightLedger.Domain.Beneficiaries;

/// <summary>
/// A pseudonym as the 32 bytes its text encodes, held in a struct: what a program keeps per beneficiary instead of a
/// <see cref="BeneficiaryPseudonym"/> object and its 46-character string (32 bytes instead of about 140, and no object).
/// </summary>
/// <param name="W0">Bytes 0 to 7 (big-endian).</param>
/// <param name="W1">Bytes 8 to 15.</param>
/// <param name="W2">Bytes 16 to 23.</param>
/// <param name="W3">Bytes 24 to 31.</param>
internal readonly record struct PseudonymBits(ulong W0, ulong W1, ulong W2, ulong W3)
{
    private const int ByteLength = 32;

    /// <summary>The bits of <paramref name="pseudonym"/> (its text is canonical: <c>ps_</c> and 43 base64url characters).</summary>
    public static PseudonymBits Of(BeneficiaryPseudonym pseudonym)
    {
        ArgumentNullException.ThrowIfNull(pseudonym);
        Span<byte> bytes = stackalloc byte[ByteLength];
        if (Base64Url.DecodeFromChars(pseudonym.Value.AsSpan(BeneficiaryPseudonym.Prefix.Length), bytes) != ByteLength)
        {
            throw new ArgumentException($"'{pseudonym.Value}' does not encode {ByteLength} bytes.", nameof(pseudonym));
        }

        return new PseudonymBits(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    /// <summary>The pseudonym these are the bits of (the same text).</summary>
    public BeneficiaryPseudonym ToPseudonym()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, W0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], W3);
        return BeneficiaryPseudonym.Parse(BeneficiaryPseudonym.Prefix + Base64Url.EncodeToString(bytes));
    }
}
