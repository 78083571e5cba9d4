using System.Diagnostics.CodeAnalysis;
using System.Text;
using OversightLedger.Domain.Beneficiaries;

namespace OversightLedger.Domain.Counterparties;

/// <summary>
/// The only form in which a counterparty's name appears in the public log: <c>cp_</c> followed by the unpadded base64url
/// HMAC-SHA-256, under the ledger's pseudonym secret (the one beneficiaries' pseudonyms use), of
/// <c>counterparty-name\n</c> and the name normalised by <see cref="CounterpartyName"/>. The prefix in the message keeps
/// a counterparty's pseudonym from ever equalling a beneficiary's for the same text.
/// </summary>
/// <remarks>
/// A counterparty may be a person (a sole trader, an agent): its name must never enter the log, so only this keyed
/// pseudonym does. Deterministic: the same name under the same secret gives the same pseudonym across agencies.
/// </remarks>
public sealed record CounterpartyPseudonym
{
    /// <summary>The prefix of every counterparty pseudonym.</summary>
    public const string Prefix = "cp_";

    /// <summary>The length of a pseudonym: the prefix and 43 base64url characters (32 bytes, no padding).</summary>
    public const int Length = 46;

    private static readonly byte[] Context = "counterparty-name\n"u8.ToArray();

    private CounterpartyPseudonym(string value) => Value = value;

    /// <summary>The pseudonym text, e.g. <c>cp_q8…</c>.</summary>
    public string Value { get; }

    /// <summary>Derives the pseudonym of <paramref name="name"/> under the ledger's secret.</summary>
    /// <exception cref="ArgumentException">The name is not acceptable to <see cref="CounterpartyName.Normalize"/>.</exception>
    public static CounterpartyPseudonym Derive(ProgramSecret secret, string name)
    {
        ArgumentNullException.ThrowIfNull(secret);
        byte[] message = [.. Context, .. Encoding.UTF8.GetBytes(CounterpartyName.Normalize(name, nameof(name)))];
        return new CounterpartyPseudonym(KeyedPseudonymText.Derive(Prefix, secret.Key, message));
    }

    /// <summary>Reads a pseudonym as written in the log.</summary>
    /// <exception cref="FormatException">The text is not <c>cp_</c> followed by the base64url form of 32 bytes.</exception>
    public static CounterpartyPseudonym Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out CounterpartyPseudonym? pseudonym)
            ? pseudonym
            : throw new FormatException($"'{text}' is not a counterparty pseudonym (cp_ and 43 base64url characters)");
    }

    /// <summary>Like <see cref="Parse"/>, returning false instead of throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CounterpartyPseudonym? pseudonym)
    {
        pseudonym = KeyedPseudonymText.IsCanonical(text, Prefix) ? new CounterpartyPseudonym(text!) : null;
        return pseudonym is not null;
    }

    /// <summary>The pseudonym text.</summary>
    public override string ToString() => Value;
}
