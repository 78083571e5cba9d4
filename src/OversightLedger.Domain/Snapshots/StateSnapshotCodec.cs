using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;

namespace OversightLedger.Domain.Snapshots;

/// <summary>
/// The binary body of a budget's or a program's state snapshot (<see cref="Budgets.ReliefBudget"/>,
/// <see cref="BeneficiaryProgram"/>): the applied entries that are not disbursements, as their canonical bytes in the
/// order they were applied, then every disbursement's facts, its strings and pseudonyms written once in tables. Lengths
/// and counts are 7-bit encoded; strings are length-prefixed UTF-8 (<see cref="BinaryWriter"/>).
/// </summary>
internal static class StateSnapshotCodec
{
    /// <summary>The version of the body written here; a body of any other version is refused.</summary>
    public const byte Version = 1;

    /// <summary>Writes the version, the kind and id of the state, and its applied non-disbursement entries.</summary>
    public static void WriteHeader(BinaryWriter writer, string kind, string id, IEnumerable<LedgerEntry> entries, int entryCount)
    {
        writer.Write(Version);
        writer.Write(kind);
        writer.Write(id);
        writer.Write7BitEncodedInt(entryCount);
        int written = 0;
        foreach (LedgerEntry entry in entries)
        {
            byte[] bytes = entry.ToCanonicalJson();
            writer.Write7BitEncodedInt(bytes.Length);
            writer.Write(bytes);
            written++;
        }

        if (written != entryCount)
        {
            throw new InvalidOperationException($"Counted {entryCount} entries, wrote {written}.");
        }
    }

    /// <summary>Reads what <see cref="WriteHeader"/> wrote, refusing another version, kind or id.</summary>
    /// <exception cref="InvalidDataException">The body is malformed or of another version, kind or id.</exception>
    public static List<LedgerEntry> ReadHeader(BinaryReader reader, string kind, string id)
    {
        byte version = reader.ReadByte();
        if (version != Version)
        {
            throw new InvalidDataException($"The snapshot body is of version {version}, not {Version}.");
        }

        string readKind = reader.ReadString();
        string readId = reader.ReadString();
        if (readKind != kind || readId != id)
        {
            throw new InvalidDataException($"The snapshot is of {readKind} '{readId}', not {kind} '{id}'.");
        }

        int count = Count(reader);
        var entries = new List<LedgerEntry>(count);
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = reader.ReadBytes(Count(reader));
            entries.Add(LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out string? error)
                ? entry
                : throw new InvalidDataException($"Entry {i} of the snapshot is malformed: {error}"));
        }

        return entries;
    }

    /// <summary>Reads past what <see cref="WriteHeader"/> wrote without parsing its entries, refusing another version, kind or id.</summary>
    /// <exception cref="InvalidDataException">The body is malformed or of another version, kind or id.</exception>
    public static void SkipHeader(BinaryReader reader, string kind, string id)
    {
        byte version = reader.ReadByte();
        string readKind = reader.ReadString();
        string readId = reader.ReadString();
        if (version != Version || readKind != kind || readId != id)
        {
            throw new InvalidDataException($"The snapshot is of version {version}, {readKind} '{readId}', not version {Version}, {kind} '{id}'.");
        }

        int count = Count(reader);
        for (int i = 0; i < count; i++)
        {
            int length = Count(reader);
            if (length > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new InvalidDataException("The snapshot ends inside its entries.");
            }

            reader.BaseStream.Seek(length, SeekOrigin.Current);
        }
    }

    /// <summary>Writes the disbursements' facts (and leaf indices when <paramref name="withLeaves"/>), in the order given.</summary>
    public static void WriteDisbursements(BinaryWriter writer, IEnumerable<(string Id, DisbursementFacts Facts, ulong LeafIndex)> disbursements, int count, bool withLeaves)
    {
        // The facts share their instances (SharedDisbursementFacts): looking them up by reference first spares hashing
        // six strings per disbursement while the grain's turn waits; equal values still get one row.
        var terms = new SnapshotTable<DisbursementTerms>(EqualityComparer<DisbursementTerms>.Default);
        var beneficiaries = new SnapshotTable<BeneficiaryPseudonym>(EqualityComparer<BeneficiaryPseudonym>.Default);
        var periods = new SnapshotTable<string>(StringComparer.Ordinal);
        foreach ((_, DisbursementFacts facts, _) in disbursements)
        {
            terms.Add(facts.Terms);
            beneficiaries.Add(facts.Beneficiary);
            periods.Add(facts.Period);
        }

        writer.Write7BitEncodedInt(terms.Count);
        foreach (DisbursementTerms t in terms.Values)
        {
            writer.Write(t.Program);
            writer.Write(t.Budget);
            writer.Write(t.Tranche);
            writer.Write(t.Sector);
            writer.Write(t.Modality);
            writer.Write(t.Counterparty is not null);
            writer.Write(t.Counterparty ?? string.Empty);
        }

        writer.Write7BitEncodedInt(beneficiaries.Count);
        foreach (BeneficiaryPseudonym beneficiary in beneficiaries.Values)
        {
            writer.Write(beneficiary.Value);
        }

        writer.Write7BitEncodedInt(periods.Count);
        foreach (string period in periods.Values)
        {
            writer.Write(period);
        }

        writer.Write7BitEncodedInt(count);
        int written = 0;
        Span<byte> id = stackalloc byte[1024];
        foreach ((string disbursementId, DisbursementFacts facts, ulong leaf) in disbursements)
        {
            int length = Encoding.UTF8.GetBytes(disbursementId, id);
            writer.Write7BitEncodedInt(length);
            writer.Write(id[..length]);
            writer.Write7BitEncodedInt(terms.IndexOf(facts.Terms));
            writer.Write7BitEncodedInt(beneficiaries.IndexOf(facts.Beneficiary));
            writer.Write7BitEncodedInt(periods.IndexOf(facts.Period));
            writer.Write7BitEncodedInt64(facts.AmountUnits);
            writer.Write(facts.TimeTicks);
            if (withLeaves)
            {
                writer.Write7BitEncodedInt64((long)leaf);
            }

            written++;
        }

        if (written != count)
        {
            throw new InvalidOperationException($"Counted {count} disbursements, wrote {written}.");
        }
    }

    /// <summary>Reads what <see cref="WriteDisbursements"/> wrote, calling <paramref name="restore"/> for each in order.</summary>
    /// <exception cref="InvalidDataException">The body is malformed.</exception>
    public static void ReadDisbursements(BinaryReader reader, bool withLeaves, Action<string, DisbursementFacts, ulong> restore)
    {
        var terms = new DisbursementTerms[Count(reader)];
        for (int i = 0; i < terms.Length; i++)
        {
            string program = reader.ReadString(), budget = reader.ReadString(), tranche = reader.ReadString(), sector = reader.ReadString(), modality = reader.ReadString();
            bool hasCounterparty = reader.ReadBoolean();
            string counterparty = reader.ReadString();
            terms[i] = new DisbursementTerms(program, budget, tranche, sector, modality, hasCounterparty ? counterparty : null);
        }

        var beneficiaries = new BeneficiaryPseudonym[Count(reader)];
        for (int i = 0; i < beneficiaries.Length; i++)
        {
            beneficiaries[i] = Parse(() => BeneficiaryPseudonym.Parse(reader.ReadString()));
        }

        var periods = new string[Count(reader)];
        for (int i = 0; i < periods.Length; i++)
        {
            periods[i] = reader.ReadString();
        }

        int count = Count(reader);
        byte[] id = new byte[1024];
        for (int i = 0; i < count; i++)
        {
            int length = Count(reader);
            if (length > id.Length || reader.Read(id, 0, length) != length)
            {
                throw new InvalidDataException($"Disbursement {i} of the snapshot has a malformed id.");
            }

            string disbursementId = Encoding.UTF8.GetString(id, 0, length);
            var facts = new DisbursementFacts(
                At(terms, Count(reader)), At(beneficiaries, Count(reader)), At(periods, Count(reader)), reader.Read7BitEncodedInt64(), reader.ReadInt64());
            ulong leaf = withLeaves ? (ulong)reader.Read7BitEncodedInt64() : 0;
            restore(disbursementId, facts, leaf);
        }
    }

    /// <summary>Refuses bytes left after the body: a snapshot is read whole or not at all.</summary>
    public static void ExpectEnd(BinaryReader reader)
    {
        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new InvalidDataException($"The snapshot has {reader.BaseStream.Length - reader.BaseStream.Position} bytes after its body.");
        }
    }

    /// <summary>Runs <paramref name="read"/>, turning the reader's and the parsers' failures into <see cref="InvalidDataException"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> body, Func<BinaryReader, T> read) => Read(body.ToArray(), read);

    /// <summary><see cref="Read{T}(ReadOnlySpan{byte}, Func{BinaryReader, T})"/> over the array itself, without a copy of it.</summary>
    public static T Read<T>(byte[] body, Func<BinaryReader, T> read)
    {
        using var stream = new MemoryStream(body, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            T result = read(reader);
            ExpectEnd(reader);
            return result;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException or IOException)
        {
            throw new InvalidDataException($"The snapshot is malformed: {e.Message}", e);
        }
    }

    /// <summary>Writes a body with <paramref name="write"/>, into a buffer of <paramref name="expectedBytes"/> to begin with.</summary>
    public static byte[] Write(Action<BinaryWriter> write, long expectedBytes = 0)
    {
        using var stream = new MemoryStream((int)Math.Clamp(expectedBytes, 256, Array.MaxLength / 2));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    private static int Count(BinaryReader reader)
    {
        int count = reader.Read7BitEncodedInt();
        return count >= 0 ? count : throw new InvalidDataException("A count in the snapshot is negative.");
    }

    private static T At<T>(T[] table, int index) =>
        (uint)index < (uint)table.Length ? table[index] : throw new InvalidDataException($"The snapshot refers to item {index} of a table of {table.Length}.");

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The snapshot holds a malformed value: {e.Message}", e);
        }
    }
}
