using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// Reads log entries back from their bytes, strictly: a known kind, every field present with the right type and
/// nothing else, and bytes that are exactly the canonical form (re-serialising the parsed entry gives the same bytes).
/// </summary>
/// <remarks>
/// One forward pass of <see cref="System.Text.Json.Utf8JsonReader"/> finds the members (<see cref="EntryObject"/>); the
/// kind's reader reads them from the bytes (<see cref="EntryFieldReader"/>), checking as it goes that each is written as
/// the entry would write it, so that a canonical entry is accepted without being serialised again. Only bytes not
/// proven canonical that way are compared with the entry's canonical bytes, which also gives the offset the message names.
/// </remarks>
public static class LedgerEntryParser
{
    /// <summary>The kinds this version reads. A new kind is one record and one line here.</summary>
    private static readonly FrozenDictionary<string, Func<EntryFieldReader, LedgerEntry>> Readers =
        new Dictionary<string, Func<EntryFieldReader, LedgerEntry>>(StringComparer.Ordinal)
        {
            [BudgetOpened.KindName] = BudgetOpened.Read,
            [FundsReceived.KindName] = FundsReceived.Read,
            [TrancheAdded.KindName] = TrancheAdded.Read,
            [BenchmarkVerified.KindName] = BenchmarkVerified.Read,
            [BenchmarkDefined.KindName] = BenchmarkDefined.Read,
            [VerifierRegistered.KindName] = VerifierRegistered.Read,
            [BenchmarkDecided.KindName] = BenchmarkDecided.Read,
            [ReviewOpened.KindName] = ReviewOpened.Read,
            [ReviewClosed.KindName] = ReviewClosed.Read,
            [ConsequenceApplied.KindName] = ConsequenceApplied.Read,
            [ConsequenceLifted.KindName] = ConsequenceLifted.Read,
            [TrancheReleased.KindName] = TrancheReleased.Read,
            [ProgramEligible.KindName] = ProgramEligible.Read,
            [ProgramOpened.KindName] = ProgramOpened.Read,
            [BeneficiaryEnrolled.KindName] = BeneficiaryEnrolled.Read,
            [Disbursed.KindName] = Disbursed.Read,
            [Reversed.KindName] = Reversed.Read,
            [Delivered.KindName] = Delivered.Read,
            [BudgetFrozen.KindName] = BudgetFrozen.Read,
            [BudgetUnfrozen.KindName] = BudgetUnfrozen.Read,
            [ExemptionGranted.KindName] = ExemptionGranted.Read,
            [ExemptionRenewed.KindName] = ExemptionRenewed.Read,
            [ExemptionExpired.KindName] = ExemptionExpired.Read,
            [FindingRaised.KindName] = FindingRaised.Read,
            [FindingDisputed.KindName] = FindingDisputed.Read,
            [FindingResolved.KindName] = FindingResolved.Read,
            [ReportPublished.KindName] = ReportPublished.Read,
            [CheckpointAnchored.KindName] = CheckpointAnchored.Read,
            [WitnessRetired.KindName] = WitnessRetired.Read,
            [SanctionsListLoaded.KindName] = SanctionsListLoaded.Read,
            [CounterpartyRegistered.KindName] = CounterpartyRegistered.Read,
            [CounterpartyScreened.KindName] = CounterpartyScreened.Read,
            [ScreeningCleared.KindName] = ScreeningCleared.Read,
            [ScreeningConfirmed.KindName] = ScreeningConfirmed.Read,
            [JurisdictionSanctioned.KindName] = JurisdictionSanctioned.Read,
            [JurisdictionLifted.KindName] = JurisdictionLifted.Read,
            [LicenceRecorded.KindName] = LicenceRecorded.Read,
            [LicenceAmended.KindName] = LicenceAmended.Read,
            [LicenceAttached.KindName] = LicenceAttached.Read,
            [LicenceExpired.KindName] = LicenceExpired.Read,
            [VettingRequired.KindName] = VettingRequired.Read,
            [VetterRegistered.KindName] = VetterRegistered.Read,
            [PaymentListSubmitted.KindName] = PaymentListSubmitted.Read,
            [PaymentListVetted.KindName] = PaymentListVetted.Read,
            [PaymentListExpired.KindName] = PaymentListExpired.Read,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The same readers looked up by the characters of the kind, so that reading it allocates nothing.</summary>
    private static readonly FrozenDictionary<string, Func<EntryFieldReader, LedgerEntry>>.AlternateLookup<ReadOnlySpan<char>> ReadersByKind =
        Readers.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The kinds this version can read, e.g. <c>Disbursed</c>.</summary>
    public static IReadOnlyCollection<string> KnownKinds => Readers.Keys;

    /// <summary>Reads one entry.</summary>
    /// <exception cref="FormatException">
    /// The bytes are not one JSON object, repeat a field, have an unknown <c>kind</c>, a <c>v</c> other than 1, a missing,
    /// mistyped, malformed or unexpected field (the message names it), or are not in canonical form.
    /// </exception>
    public static LedgerEntry Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > LedgerEntry.MaxEncodedLength)
        {
            throw new FormatException($"an entry is at most {LedgerEntry.MaxEncodedLength} bytes; this one is {utf8.Length}");
        }

        EntryObject json = EntryObject.Read(utf8, stackalloc EntryField[EntryObject.InlineFields]);
        EntryFieldReader fields = new(json);
        long version = fields.ReadInteger("v");
        if (version != LedgerEntry.SchemaVersion)
        {
            throw new FormatException($"field 'v' is {version}; this version reads schema {LedgerEntry.SchemaVersion} only");
        }

        ReadOnlySpan<char> kind = fields.ReadText("kind", stackalloc char[32]);
        if (!ReadersByKind.TryGetValue(kind, out Func<EntryFieldReader, LedgerEntry>? read))
        {
            throw new FormatException($"field 'kind': '{kind}' is not a known kind of entry");
        }

        LedgerEntry entry;
        try
        {
            entry = read(fields);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"field '{e.ParamName}': {e.Message}", e);
        }

        fields.EnsureAllRead();
        if (fields.IsCanonical)
        {
            Debug.Assert(utf8.SequenceEqual(entry.ToCanonicalJson()), "bytes vouched canonical are the entry's canonical bytes");
            return entry;
        }

        // Not proven canonical as read (an escape, a reordering, white space…): compare with the canonical bytes to say where.
        byte[] canonical = entry.ToCanonicalJson();
        if (!utf8.SequenceEqual(canonical))
        {
            int at = utf8.CommonPrefixLength(canonical);
            throw new FormatException($"the {entry.Kind} entry is not in canonical form (RFC 8785): it differs from its canonical bytes at offset {at}");
        }

        return entry;
    }

    /// <summary>Like <see cref="Parse"/>, returning the reason instead of throwing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out LedgerEntry? entry, [NotNullWhen(false)] out string? error)
    {
        try
        {
            entry = Parse(utf8);
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            entry = null;
            error = e.Message;
            return false;
        }
    }
}
