using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Grains.Snapshots;

/// <summary>
/// A grain's state snapshot as stored: tied to a log position (the tree size and the root hash of the log at that size),
/// the state's body (the domain's own format, <c>ToSnapshot</c>), and a SHA-256 of all of it. Layout: magic
/// <c>OLSNAP</c>, format version (2 bytes), kind and id (length-prefixed UTF-8), tree size (8 bytes), root (32 bytes),
/// body length (4 bytes), body, SHA-256 of everything before it. Integers are big-endian.
/// </summary>
/// <param name="Kind">The kind of grain (<c>budget</c>, <c>program</c>).</param>
/// <param name="Id">The grain's id.</param>
/// <param name="TreeSize">The log position: the state holds every entry of the grain below this leaf index.</param>
/// <param name="Root">The log's root hash at <paramref name="TreeSize"/>.</param>
/// <param name="Body">The state.</param>
public sealed record GrainSnapshot(string Kind, string Id, ulong TreeSize, MerkleHash Root, byte[] Body)
{
    /// <summary>The format version written; any other is refused.</summary>
    public const ushort FormatVersion = 1;

    private const int ChecksumSize = 32;

    private static readonly byte[] Magic = "OLSNAP"u8.ToArray();

    /// <summary>The store name of a grain's snapshot: <c>kind/id</c>, the id escaped.</summary>
    public static string NameOf(string kind, string id) => $"{kind}/{Uri.EscapeDataString(id)}";

    /// <summary>
    /// The stored bytes, written straight into one array of their exact length and hashed in place: a snapshot's only
    /// copy of its body (a program's runs to ~100 MB with a million beneficiaries, so a growing buffer and a copy of it
    /// would each be another block of that size on the large object heap).
    /// </summary>
    public byte[] Encode()
    {
        int kindLength = Encoding.UTF8.GetByteCount(Kind);
        int idLength = Encoding.UTF8.GetByteCount(Id);
        int contentLength = checked(Magic.Length + 2 + 2 + kindLength + 2 + idLength + 8 + MerkleHash.Size + 4 + Body.Length);
        byte[] encoded = GC.AllocateUninitializedArray<byte>(checked(contentLength + ChecksumSize));
        Span<byte> to = encoded;
        Magic.CopyTo(to);
        int at = Magic.Length;
        BinaryPrimitives.WriteUInt16BigEndian(to[at..], FormatVersion);
        at += 2;
        at += WriteString(to[at..], Kind, kindLength);
        at += WriteString(to[at..], Id, idLength);
        BinaryPrimitives.WriteUInt64BigEndian(to[at..], TreeSize);
        at += 8;
        Root.CopyTo(to[at..]);
        at += MerkleHash.Size;
        BinaryPrimitives.WriteInt32BigEndian(to[at..], Body.Length);
        at += 4;
        Body.CopyTo(to[at..]);
        at += Body.Length;
        SHA256.HashData(to[..at], to[at..]);
        return encoded;
    }

    /// <summary>Reads stored bytes, refusing anything but a whole snapshot of this format whose checksum holds.</summary>
    /// <exception cref="InvalidDataException">The bytes are not such a snapshot; the message says why.</exception>
    public static GrainSnapshot Decode(ReadOnlySpan<byte> bytes)
    {
        const int Fixed = 6 + 2 + 2 + 2 + 8 + MerkleHash.Size + 4 + 32;
        if (bytes.Length < Fixed)
        {
            throw new InvalidDataException($"The snapshot is {bytes.Length} bytes, shorter than any snapshot.");
        }

        if (!bytes[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("The snapshot does not start with OLSNAP.");
        }

        ReadOnlySpan<byte> content = bytes[..^32];
        if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes[^32..]))
        {
            throw new InvalidDataException("The snapshot's checksum does not match its content.");
        }

        ushort version = BinaryPrimitives.ReadUInt16BigEndian(content[6..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"The snapshot is of format version {version}, not {FormatVersion}.");
        }

        int at = 8;
        string kind = ReadString(content, ref at);
        string id = ReadString(content, ref at);
        if (content.Length - at < 8 + MerkleHash.Size + 4)
        {
            throw new InvalidDataException("The snapshot ends before its position.");
        }

        ulong treeSize = BinaryPrimitives.ReadUInt64BigEndian(content[at..]);
        at += 8;
        var root = new MerkleHash(content.Slice(at, MerkleHash.Size));
        at += MerkleHash.Size;
        int length = BinaryPrimitives.ReadInt32BigEndian(content[at..]);
        at += 4;
        if (length < 0 || length != content.Length - at)
        {
            throw new InvalidDataException($"The snapshot's body is {content.Length - at} bytes, not the {length} it says.");
        }

        return new GrainSnapshot(kind, id, treeSize, root, content[at..].ToArray());
    }

    /// <summary>Writes a UTF-8 string of <paramref name="length"/> bytes with its 2-byte length; the bytes written.</summary>
    private static int WriteString(Span<byte> to, string value, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(to, checked((ushort)length));
        return 2 + Encoding.UTF8.GetBytes(value, to[2..]);
    }

    private static string ReadString(ReadOnlySpan<byte> content, ref int at)
    {
        if (content.Length - at < 2)
        {
            throw new InvalidDataException("The snapshot ends inside its header.");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(content[at..]);
        at += 2;
        if (content.Length - at < length)
        {
            throw new InvalidDataException("The snapshot ends inside its header.");
        }

        string value = Encoding.UTF8.GetString(content.Slice(at, length));
        at += length;
        return value;
    }
}
