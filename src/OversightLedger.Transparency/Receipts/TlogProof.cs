using System.Globalization;
using System.Text;
using OversightLedger.Transparency.Checkpoints;
using OversightLedger.Transparency.Hashing;
using OversightLedger.Transparency.Notes;
using OversightLedger.Transparency.Proofs;

namespace OversightLedger.Transparency.Receipts;

/// <summary>
/// A C2SP transparency log proof (c2sp.org/tlog-proof@v1), the receipt that an entry is in the log: an optional
/// unauthenticated <c>extra</c> line, the entry's index, its RFC 6962 inclusion proof and the signed checkpoint
/// (with any cosignatures) it is proven against.
/// <code>
/// c2sp.org/tlog-proof@v1
/// extra &lt;base64&gt;           (optional)
/// index &lt;decimal&gt;
/// &lt;base64 hash&gt;             (zero or more, leaf's sibling first)
///
/// &lt;signed checkpoint note, verbatim&gt;
/// </code>
/// </summary>
public sealed class TlogProof
{
    /// <summary>The first line of every proof.</summary>
    public const string Header = "c2sp.org/tlog-proof@v1";

    // A tree has at most 2^64 leaves, so an inclusion proof has at most 64 hashes.
    private const int MaxProofLength = 64;
    private const string ExtraPrefix = "extra ", IndexPrefix = "index ";

    private readonly MerkleHash[] _proof;
    private readonly byte[]? _extra;
    private readonly byte[] _checkpointNote;

    /// <summary>Puts a receipt together.</summary>
    /// <param name="index">The entry's zero-based index in the log.</param>
    /// <param name="proof">The inclusion proof against the checkpoint's tree, leaf's sibling first.</param>
    /// <param name="checkpointNote">The signed checkpoint note, as the log published it.</param>
    /// <param name="extra">Optional opaque data for the application; it is not authenticated.</param>
    /// <exception cref="ArgumentException">The proof is longer than 64 hashes or the checkpoint is not a well-formed signed note.</exception>
    public TlogProof(ulong index, IEnumerable<MerkleHash> proof, byte[] checkpointNote, byte[]? extra = null)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(checkpointNote);
        _proof = [.. proof];
        if (_proof.Length > MaxProofLength)
        {
            throw new ArgumentException($"An inclusion proof has at most {MaxProofLength} hashes, not {_proof.Length}.", nameof(proof));
        }

        try
        {
            SignedNote.Parse(checkpointNote);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"The checkpoint is not a signed note: {e.Message}", nameof(checkpointNote), e);
        }

        Index = index;
        _checkpointNote = [.. checkpointNote];
        _extra = extra is null ? null : [.. extra];
    }

    /// <summary>The entry's zero-based index in the log.</summary>
    public ulong Index { get; }

    /// <summary>The optional extra data (null when the proof has no <c>extra</c> line). Not authenticated.</summary>
    public ReadOnlyMemory<byte>? Extra => _extra is null ? default(ReadOnlyMemory<byte>?) : _extra.AsMemory();

    /// <summary>The inclusion proof, leaf's sibling first.</summary>
    public ReadOnlyMemory<MerkleHash> Proof => _proof;

    /// <summary>The signed checkpoint note, verbatim; trust it only through <see cref="Verify"/>.</summary>
    public ReadOnlyMemory<byte> CheckpointNote => _checkpointNote;

    /// <summary>Reads a proof strictly.</summary>
    /// <exception cref="FormatException">A line is missing or malformed; the message says which.</exception>
    public static TlogProof Parse(ReadOnlySpan<byte> data)
    {
        int position = 0;
        string header = ReadLine(data, ref position, "the header line");
        if (header != Header)
        {
            throw new FormatException($"tlog proof does not start with the line {Header}");
        }

        string line = ReadLine(data, ref position, "the index line");
        byte[]? extra = null;
        if (line.StartsWith(ExtraPrefix, StringComparison.Ordinal))
        {
            if (!NoteBase64.TryDecode(line[ExtraPrefix.Length..], strict: true, out extra))
            {
                throw new FormatException("tlog proof extra line does not hold canonical base64");
            }

            line = ReadLine(data, ref position, "the index line");
        }

        if (!line.StartsWith(IndexPrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"tlog proof line '{Shorten(line)}' should be 'index <N>'");
        }

        ulong index = ParseIndex(line[IndexPrefix.Length..]);
        var proof = new List<MerkleHash>();
        while ((line = ReadLine(data, ref position, "the empty line before the checkpoint")).Length != 0)
        {
            if (proof.Count == MaxProofLength)
            {
                throw new FormatException($"tlog proof has more than {MaxProofLength} proof hashes");
            }

            if (!NoteBase64.TryDecode(line, strict: true, out byte[] hash) || hash.Length != MerkleHash.Size)
            {
                throw new FormatException($"tlog proof hash {proof.Count} '{Shorten(line)}' is not the canonical base64 of {MerkleHash.Size} bytes");
            }

            proof.Add(new MerkleHash(hash));
        }

        ReadOnlySpan<byte> checkpoint = data[position..];
        if (checkpoint.IsEmpty)
        {
            throw new FormatException("tlog proof has no checkpoint after the empty line");
        }

        try
        {
            SignedNote.Parse(checkpoint);
        }
        catch (FormatException e)
        {
            throw new FormatException($"tlog proof checkpoint: {e.Message}", e);
        }

        return new TlogProof(index, proof, checkpoint.ToArray(), extra);
    }

    /// <summary>The proof's bytes.</summary>
    public byte[] Format()
    {
        var head = new StringBuilder();
        head.Append(Header).Append('\n');
        if (_extra is not null)
        {
            head.Append(ExtraPrefix).Append(Convert.ToBase64String(_extra)).Append('\n');
        }

        head.Append(IndexPrefix).Append(Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (MerkleHash hash in _proof)
        {
            head.Append(hash.ToBase64()).Append('\n');
        }

        head.Append('\n');
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. _checkpointNote];
    }

    /// <summary>
    /// Checks the receipt for <paramref name="entry"/>: the checkpoint must be signed by the log's key and be a valid
    /// checkpoint, and the proof must show leaf hash SHA-256(0x00 ‖ entry) at <see cref="Index"/> under its root.
    /// Witness cosignatures on the returned checkpoint are checked with <see cref="CosignatureVerifier"/>.
    /// </summary>
    /// <returns>The verified signed checkpoint.</returns>
    /// <exception cref="NoteVerificationException">The checkpoint is not validly signed by the log's key or is not a checkpoint.</exception>
    /// <exception cref="ProofVerificationException">The index is outside the tree or the proof does not lead to the root.</exception>
    public SignedCheckpoint Verify(ReadOnlySpan<byte> entry, NoteVerifier logVerifier)
    {
        ArgumentNullException.ThrowIfNull(logVerifier);
        SignedCheckpoint signed = SignedCheckpoint.Open(_checkpointNote, logVerifier);
        Checkpoint checkpoint = signed.Checkpoint;
        MerkleHash leafHash = Rfc6962.HashLeaf(entry);
        ProofVerifier.VerifyInclusion(Index, checkpoint.Size, leafHash, _proof, checkpoint.Root);
        return signed;
    }

    private static string ReadLine(ReadOnlySpan<byte> data, ref int position, string expected)
    {
        int end = data[position..].IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new FormatException($"tlog proof ends before {expected}");
        }

        // Latin-1 keeps one char per byte; every check below accepts ASCII only.
        string line = Encoding.Latin1.GetString(data.Slice(position, end));
        position += end + 1;
        return line;
    }

    private static ulong ParseIndex(string text)
    {
        if (text.Length == 0 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            throw new FormatException($"tlog proof index '{Shorten(text)}' is not a decimal number without leading zeroes");
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong index)
            ? index
            : throw new FormatException($"tlog proof index '{Shorten(text)}' does not fit in 64 bits");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
