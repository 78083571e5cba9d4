namespace OversightLedger.Domain.Entries;

/// <summary>
/// One entry of the public log. Its leaf is <see cref="ToCanonicalJson"/>: RFC 8785 canonical JSON holding
/// <c>"v":1</c>, <c>"kind"</c>, <c>"id"</c> (the request id, unique in the log, the key of idempotency) and
/// <c>"time"</c> (UTC, whole seconds), plus the fields of its kind.
/// </summary>
/// <remarks>
/// Entries are immutable and validate their own syntax when built (an <see cref="ArgumentException"/> names the JSON
/// field at fault); whether an entry is allowed is the business of the rules (<c>ReliefBudget</c>,
/// <c>BeneficiaryProgram</c>). A kind is one sealed record here plus one line in <see cref="LedgerEntryParser"/>.
/// </remarks>
public abstract record LedgerEntry
{
    /// <summary>The schema version every entry writes as <c>"v"</c>.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The largest entry a tlog-tiles entry bundle can hold (a 16-bit length prefix).</summary>
    public const int MaxEncodedLength = ushort.MaxValue;

    private protected LedgerEntry(string id, DateTimeOffset time)
    {
        Id = FieldFormat.EntryId(id, nameof(id));
        Time = EntryTime.ToWholeSeconds(time);
    }

    /// <summary>The entry id: the id of the request that produced it, unique in the log.</summary>
    public string Id { get; }

    /// <summary>When the entry was decided, in UTC, truncated to the whole second.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The kind, written as <c>"kind"</c>, e.g. <c>Disbursed</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The entry's canonical bytes: what is appended to the log and hashed as the leaf.</summary>
    public byte[] ToCanonicalJson()
    {
        CanonicalJsonWriter json = new();
        json.WriteInteger("v", SchemaVersion)
            .WriteString("kind", Kind)
            .WriteString("id", Id)
            .WriteString("time", EntryTime.Format(Time));
        WriteFields(json);
        byte[] bytes = json.ToUtf8Bytes();
        // The field limits keep entries far below this; the check makes the bound explicit.
        return bytes.Length <= MaxEncodedLength
            ? bytes
            : throw new InvalidOperationException($"The {Kind} entry '{Id}' is {bytes.Length} bytes, more than an entry bundle can hold.");
    }

    /// <summary>Writes the kind's own fields (everything but v, kind, id and time).</summary>
    internal abstract void WriteFields(CanonicalJsonWriter json);

    /// <summary>
    /// Whether <paramref name="other"/> is the same request: same kind, same id, same fields; the time is ignored, since a
    /// retry is decided later than the original.
    /// </summary>
    internal bool HasSameContentAs(LedgerEntry other)
    {
        if (other.Kind != Kind || other.Id != Id)
        {
            return false;
        }

        CanonicalJsonWriter mine = new(), theirs = new();
        WriteFields(mine);
        other.WriteFields(theirs);
        return mine.ToUtf8Bytes().AsSpan().SequenceEqual(theirs.ToUtf8Bytes());
    }
}
