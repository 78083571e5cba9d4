using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OversightLedger.Domain.Beneficiaries;

/// <summary>
/// The only form in which a beneficiary appears in the public log: <c>ps_</c> followed by the unpadded base64url
/// HMAC-SHA-256, under the program's secret, of the agency's reference for the person, normalised by <see cref="AgencyReference"/>
/// (trimmed, Unicode NFC, at most 128 characters, no control characters).
/// </summary>
/// <remarks>
/// Deterministic: the same reference under the same secret always gives the same pseudonym, so a person enrolled twice
/// is noticed; without the secret the pseudonym says nothing about the reference.
/// </remarks>
public sealed record BeneficiaryPseudonym
{
    /// <summary>The prefix of every pseudonym.</summary>
    public const string Prefix = "ps_";

    /// <summary>The length of a pseudonym: the prefix and 43 base64url characters (32 bytes, no padding).</summary>
    public const int Length = 46;

    private BeneficiaryPseudonym(string value) => Value = value;

    /// <summary>The pseudonym text, e.g. <c>ps_q8…</c>.</summary>
    public string Value { get; }

    /// <summary>Derives the pseudonym of <paramref name="agencyReference"/> under the program's secret.</summary>
    /// <exception cref="ArgumentException">The reference is not acceptable to <see cref="AgencyReference.Normalize"/>.</exception>
    public static BeneficiaryPseudonym Derive(ProgramSecret programSecret, string agencyReference)
    {
        ArgumentNullException.ThrowIfNull(programSecret);
        return Derive(programSecret.Key, agencyReference);
    }

    /// <summary>Derives the pseudonym of <paramref name="agencyReference"/> under a raw 32-byte program secret.</summary>
    /// <exception cref="ArgumentException">
    /// The secret is not 32 bytes, or the reference is not acceptable to <see cref="AgencyReference.Normalize"/>.
    /// </exception>
    public static BeneficiaryPseudonym Derive(ReadOnlySpan<byte> programSecret, string agencyReference)
    {
        ArgumentNullException.ThrowIfNull(agencyReference);
        if (programSecret.Length != ProgramSecret.Length)
        {
            throw new ArgumentException($"A program secret is {ProgramSecret.Length} bytes, not {programSecret.Length}.", nameof(programSecret));
        }

        byte[] message = Encoding.UTF8.GetBytes(AgencyReference.Normalize(agencyReference, nameof(agencyReference)));
        return new BeneficiaryPseudonym(KeyedPseudonymText.Derive(Prefix, programSecret, message));
    }

    /// <summary>Reads a pseudonym as written in the log.</summary>
    /// <exception cref="FormatException">The text is not <c>ps_</c> followed by the base64url form of 32 bytes.</exception>
    public static BeneficiaryPseudonym Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out BeneficiaryPseudonym? pseudonym)
            ? pseudonym
            : throw new FormatException($"'{text}' is not a beneficiary pseudonym (ps_ and 43 base64url characters)");
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out BeneficiaryPseudonym? pseudonym)
    {
        pseudonym = KeyedPseudonymText.IsCanonical(text, Prefix) ? new BeneficiaryPseudonym(text!) : null;
        return pseudonym is not null;
    }

    /// <summary>The pseudonym text.</summary>
    public override string ToString() => Value;
}
