using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Snapshots;

namespace OversightLedger.Domain.Programs;

/// <summary>
/// The base of a log-backed program's snapshots (issue 17): the bulk of its state — enrolled pseudonyms, the id filters of
/// its enrolments and disbursements, and the open periods' totals, as sorted flat arrays — stored rarely, beside the
/// snapshot, under a name that holds its SHA-256 (<see cref="StoreName"/>); each regular snapshot holds only what changed
/// since and names its base by that digest. Made by <see cref="BeneficiaryProgram.FreezeBase"/> on the grain's turn,
/// <see cref="Encode"/>d off it, then stored and handed back (<see cref="BeneficiaryProgram.AdoptBase"/>).
/// </summary>
/// <remarks>
/// Layout: magic <c>OLPBASE</c>, version (1 byte), program id, the enrolled pseudonyms (count, then 32 bytes each,
/// ascending), the enrolments' and the disbursements' id filters, the periods (count, then each period's name, count,
/// pseudonyms ascending and totals, in blocks), then the SHA-256 of everything before it. Integers in blocks are
/// little-endian.
/// </remarks>
public sealed class ProgramBase
{
    /// <summary>The format version written; any other is refused.</summary>
    public const byte Version = 1;

    private static readonly byte[] Magic = "OLPBASE"u8.ToArray();

    private readonly string _programId;
    private readonly (SortedPseudonyms Sorted, Beneficiaries.PseudonymBits[] Added) _enrolled;
    private byte[]? _digest;

    internal ProgramBase(
        string programId, (SortedPseudonyms, Beneficiaries.PseudonymBits[]) enrolled, (byte[] Written, int Added) enrolmentIds,
        (byte[] Written, int Added) disbursementIds, List<FrozenPeriod> periods)
    {
        _programId = programId;
        _enrolled = enrolled;
        EnrolmentIds = enrolmentIds;
        DisbursementIds = disbursementIds;
        Periods = periods;
    }

    /// <summary>How many bytes the stored base takes, its digest included (after <see cref="Encode"/>).</summary>
    public long Length { get; private set; }

    /// <summary>The SHA-256 of the content before its last 32 bytes (which hold it), lower-case hex (after <see cref="Encode"/>).</summary>
    public string Digest { get; private set; } = string.Empty;

    internal SortedPseudonyms? Enrolled { get; private set; }

    internal (byte[] Written, int Added) EnrolmentIds { get; }

    internal (byte[] Written, int Added) DisbursementIds { get; }

    internal List<FrozenPeriod> Periods { get; }

    /// <summary>The store name of the base with <paramref name="digest"/> of <paramref name="programId"/>: <c>program-base/&lt;id&gt;/&lt;digest&gt;</c>.</summary>
    public static string StoreName(string programId, string digest)
    {
        ArgumentNullException.ThrowIfNull(programId);
        return $"program-base/{Uri.EscapeDataString(programId)}/{digest}";
    }

    /// <summary>
    /// Merges the frozen state into sorted arrays and learns the base's <see cref="Length"/> and <see cref="Digest"/> (its
    /// name) by hashing its bytes as they are produced, without holding them: <see cref="WriteTo"/> then writes them to the
    /// store. Touches nothing of the program: runs off the grain's turn.
    /// </summary>
    public void Encode()
    {
        Enrolled = PseudonymSet.Merge(_enrolled.Sorted, _enrolled.Added);
        foreach (FrozenPeriod period in Periods)
        {
            period.Merge();
        }

        using var hashing = new HashingWriteStream();
        WriteContent(hashing);
        _digest = hashing.Digest();
        Length = hashing.Length + _digest.Length;
        Digest = Convert.ToHexStringLower(_digest);
    }

    /// <summary>
    /// Writes the stored bytes (the content, then its SHA-256) to <paramref name="stream"/>, in blocks straight from the
    /// merged arrays, after <see cref="Encode"/>. They are hashed again on the way: bytes that would not match the digest
    /// <see cref="Encode"/> named them by are refused before their end is written, so a store that commits only what its
    /// writer finished never holds them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The base was not encoded, or its bytes came out other than when it was.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] digest = _digest ?? throw new InvalidOperationException("The base was not encoded.");
        using (var checking = new HashingWriteStream(stream))
        {
            WriteContent(checking);
            if (checking.Length + digest.Length != Length || !checking.Digest().AsSpan().SequenceEqual(digest))
            {
                throw new InvalidOperationException($"The base {Digest} of program '{_programId}' came out other than when it was encoded.");
            }
        }

        stream.Write(digest);
    }

    /// <summary>
    /// The stored bytes in one array of their exact length (after <see cref="Encode"/>): for tests, tools, and the watchdog's
    /// temporary file (which takes whole blocks); the grain streams its bases instead (<see cref="WriteTo"/>).
    /// </summary>
    public byte[] ToArray()
    {
        byte[] content = new byte[checked((int)Length)];
        using var stream = new MemoryStream(content, writable: true);
        WriteTo(stream);
        return content;
    }

    /// <summary>Writes the content (all but the digest): the layout in the remarks.</summary>
    private void WriteContent(Stream stream)
    {
        SortedPseudonyms enrolled = Enrolled ?? throw new InvalidOperationException("The base was not merged.");
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(_programId);
        PseudonymSet.WriteSorted(writer, enrolled);
        writer.Write(EnrolmentIds.Written);
        writer.Write(DisbursementIds.Written);
        writer.Write7BitEncodedInt(Periods.Count(p => p.Merged.Keys.Count > 0));
        foreach (FrozenPeriod period in Periods.Where(p => p.Merged.Keys.Count > 0))
        {
            writer.Write(period.Period);
            PeriodTable.WriteSorted(writer, period.Merged.Keys, period.Merged.Totals);
        }
    }

    /// <summary>
    /// Reads a stored base, refused unless it is the whole copy named <paramref name="digest"/> of <paramref name="programId"/>:
    /// its checksum holds and is the digest, of this format and program. The pseudonyms are read in place: the returned
    /// state keeps <paramref name="content"/>, which must not change afterwards (the totals and filters are copied).
    /// </summary>
    /// <exception cref="InvalidDataException">Anything else; the message says what.</exception>
    internal static (PseudonymSet Enrolled, EntryIdFilter EnrolmentIds, EntryIdFilter DisbursementIds, Dictionary<string, PeriodTable> Periods) Read(
        string programId, string digest, byte[] content)
    {
        if (content.Length < Magic.Length + 1 + SHA256.HashSizeInBytes)
        {
            throw new InvalidDataException($"The program's base {digest} is {content.Length} bytes, shorter than any base.");
        }

        // The digest is checked on another core while the content is decoded; nothing decoded is used unless it holds.
        Task<bool> matches = Task.Run(() =>
        {
            byte[] computed = SHA256.HashData(content.AsSpan(0, content.Length - SHA256.HashSizeInBytes));
            return computed.AsSpan().SequenceEqual(content.AsSpan(content.Length - SHA256.HashSizeInBytes)) && Convert.ToHexStringLower(computed) == digest;
        });
        try
        {
            (PseudonymSet, EntryIdFilter, EntryIdFilter, Dictionary<string, PeriodTable>) decoded = Decode(programId, digest, content);
            return matches.GetAwaiter().GetResult() ? decoded : throw Mismatch(digest);
        }
        catch (InvalidDataException) when (!matches.GetAwaiter().GetResult())
        {
            throw Mismatch(digest); // damaged: say so, rather than what the damage broke
        }
    }

    private static InvalidDataException Mismatch(string digest) =>
        new($"The program's base does not match its digest {digest}: it is damaged, or another base.");

    private static (PseudonymSet Enrolled, EntryIdFilter EnrolmentIds, EntryIdFilter DisbursementIds, Dictionary<string, PeriodTable> Periods) Decode(
        string programId, string digest, byte[] content)
    {
        // Its array visible: the pseudonyms (most of a base) stay in place in the content, read once, not copied out of it.
        using var reader = new BinaryReader(
            new MemoryStream(content, 0, content.Length - SHA256.HashSizeInBytes, writable: false, publiclyVisible: true), Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != Version || reader.ReadString() != programId)
            {
                throw new InvalidDataException($"The base {digest} is not a base of this format of the program '{programId}'.");
            }

            var enrolled = new PseudonymSet();
            enrolled.ReadSorted(reader);
            EntryIdFilter enrolmentIds = EntryIdFilter.Read(reader, trackingAdded: true);
            EntryIdFilter disbursementIds = EntryIdFilter.Read(reader, trackingAdded: true);
            int count = reader.Read7BitEncodedInt();
            var periods = new Dictionary<string, PeriodTable>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                string period = reader.ReadString();
                if (!periods.TryAdd(period, PeriodTable.ReadSorted(reader)))
                {
                    throw new InvalidDataException($"The base {digest} holds the period '{period}' twice.");
                }
            }

            return reader.BaseStream.Position == reader.BaseStream.Length
                ? (enrolled, enrolmentIds, disbursementIds, periods)
                : throw new InvalidDataException($"The base {digest} has bytes after its content.");
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"The base {digest} is malformed: {e.Message}", e);
        }
    }
}
