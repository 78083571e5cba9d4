using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// Reads log entries back from their bytes, strictly: a known kind, every field present with the right type and
/// nothing else, and bytes that are exactly the canonical form (re-serialising the parsed entry gives the same bytes).
/// </summary>
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
            [TrancheReleased.KindName] = TrancheReleased.Read,
            [ProgramEligible.KindName] = ProgramEligible.Read,
            [ProgramOpened.KindName] = ProgramOpened.Read,
            [BeneficiaryEnrolled.KindName] = BeneficiaryEnrolled.Read,
            [Disbursed.KindName] = Disbursed.Read,
            [Reversed.KindName] = Reversed.Read,
            [BudgetFrozen.KindName] = BudgetFrozen.Read,
            [BudgetUnfrozen.KindName] = BudgetUnfrozen.Read,
            [ExemptionGranted.KindName] = ExemptionGranted.Read,
            [ExemptionRenewed.KindName] = ExemptionRenewed.Read,
            [ExemptionExpired.KindName] = ExemptionExpired.Read,
            [FindingRaised.KindName] = FindingRaised.Read,
            [FindingDisputed.KindName] = FindingDisputed.Read,
            [FindingResolved.KindName] = FindingResolved.Read,
            [ReportPublished.KindName] = ReportPublished.Read,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly JsonDocumentOptions StrictJson = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 4,
    };

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

        using JsonDocument document = ParseJson(utf8);
        EntryFieldReader fields = new(Fields(document.RootElement));
        long version = fields.ReadInteger("v");
        if (version != LedgerEntry.SchemaVersion)
        {
            throw new FormatException($"field 'v' is {version}; this version reads schema {LedgerEntry.SchemaVersion} only");
        }

        string kind = fields.ReadString("kind");
        if (!Readers.TryGetValue(kind, out Func<EntryFieldReader, LedgerEntry>? read))
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
        byte[] canonical = entry.ToCanonicalJson();
        if (!utf8.SequenceEqual(canonical))
        {
            int at = utf8.CommonPrefixLength(canonical);
            throw new FormatException($"the {kind} entry is not in canonical form (RFC 8785): it differs from its canonical bytes at offset {at}");
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

    private static JsonDocument ParseJson(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonDocument.Parse(utf8.ToArray(), StrictJson);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the entry is not valid JSON: {e.Message}", e);
        }
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("an entry must be a JSON object");
        }

        Dictionary<string, JsonElement> fields = new(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new FormatException($"field '{property.Name}' appears more than once");
            }
        }

        return fields;
    }
}
