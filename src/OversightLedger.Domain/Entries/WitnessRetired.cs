namespace OversightLedger.Domain.Entries;

/// <summary>
/// A witness key is no longer trusted by this log: <c>reason, verifierKey, watchdog, witness</c>. Earlier versions of the
/// server generated a witness key for each watchdog and kept its private half; any cosignature that key made could have
/// been made by the operator, so when the server wipes such a key it records here which one (its C2SP verifier key, a
/// public key) and why. Auditors drop it from the witnesses they require. The id is <see cref="EntryIds.WitnessRetired"/>
/// of the witness and key, so a key is retired once.
/// </summary>
public sealed record WitnessRetired : LedgerEntry
{
    /// <summary>The <c>kind</c> of this entry.</summary>
    public const string KindName = "WitnessRetired";

    /// <summary>The one reason today: the key was generated, and its private half held, by the server.</summary>
    public const string ServerGeneratedReason = "server-generated";

    private static readonly string[] Reasons = [ServerGeneratedReason];

    /// <summary>Creates the entry; <paramref name="id"/> must be <see cref="EntryIds.WitnessRetired"/> of the witness and key.</summary>
    /// <exception cref="ArgumentException">A field is malformed, or the id is not the key's; the parameter name is the JSON field.</exception>
    public WitnessRetired(string id, DateTimeOffset time, string witness, string verifierKey, string watchdog, string reason)
        : base(id, time)
    {
        Witness = FieldFormat.Identifier(witness, nameof(witness));
        VerifierKey = FieldFormat.Identifier(verifierKey, nameof(verifierKey));
        Watchdog = FieldFormat.Identifier(watchdog, nameof(watchdog));
        Reason = Reasons.Contains(reason, StringComparer.Ordinal)
            ? reason
            : throw new ArgumentException($"'reason' must be {string.Join(" or ", Reasons)}", nameof(reason));
        if (Id != EntryIds.WitnessRetired(Witness, VerifierKey))
        {
            throw new ArgumentException($"'id' of the retirement of this key must be '{EntryIds.WitnessRetired(Witness, VerifierKey)}', not '{Id}'", nameof(id));
        }
    }

    /// <summary>The witness name the key was registered under (as it appears on cosignature lines).</summary>
    public string Witness { get; }

    /// <summary>The retired key: its C2SP note verifier key (<c>name+hash+base64</c>), a public key.</summary>
    public string VerifierKey { get; }

    /// <summary>The watchdog for which the server had generated it.</summary>
    public string Watchdog { get; }

    /// <summary>Why it is retired: <see cref="ServerGeneratedReason"/>.</summary>
    public string Reason { get; }

    /// <inheritdoc/>
    public override string Kind => KindName;

    internal override void WriteFields(CanonicalJsonWriter json) => json
        .WriteString("witness", Witness)
        .WriteString("verifierKey", VerifierKey)
        .WriteString("watchdog", Watchdog)
        .WriteString("reason", Reason);

    internal static WitnessRetired Read(EntryFieldReader fields) => new(
        fields.Id, fields.Time, fields.ReadString("witness"), fields.ReadString("verifierKey"), fields.ReadString("watchdog"), fields.ReadString("reason"));
}
