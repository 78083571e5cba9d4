using System.Security.Cryptography;
using System.Text;
using NBitcoin;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Anchoring.Commitment;

/// <summary>
/// The commitment an anchor transaction carries: one <c>OP_RETURN</c> output whose script is exactly
/// <c>0x6a 0x24 ‖ "OLA1" ‖ SHA-256(checkpoint note text)</c>, where the note text is the signed note's body
/// (<c>origin\nsize\nbase64(root)\n</c> and any extension lines, UTF-8, without the blank line and signature lines).
/// Signatures are left out so that cosignatures added later do not change what was anchored.
/// </summary>
public static class AnchorCommitment
{
    /// <summary>The 4-byte tag (ASCII <c>OLA1</c>: OversightLedger anchor, version 1) that starts the pushed data.</summary>
    public static ReadOnlySpan<byte> Tag => "OLA1"u8;

    /// <summary>Length of the pushed data: the tag and a SHA-256 digest.</summary>
    public const int PayloadSize = 4 + 32;

    /// <summary>SHA-256 of the checkpoint's note text (the bytes that the log's key signs).</summary>
    public static byte[] Digest(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return SHA256.HashData(Encoding.UTF8.GetBytes(checkpoint.Format()));
    }

    /// <summary>The 36 bytes pushed after <c>OP_RETURN</c>: tag ‖ digest.</summary>
    public static byte[] Payload(Checkpoint checkpoint)
    {
        byte[] payload = new byte[PayloadSize];
        Tag.CopyTo(payload);
        Digest(checkpoint).CopyTo(payload, Tag.Length);
        return payload;
    }

    /// <summary>The output script <c>OP_RETURN &lt;tag ‖ digest&gt;</c> (38 bytes: 0x6a 0x24 then the payload).</summary>
    public static Script CreateScript(Checkpoint checkpoint) => new(OpcodeType.OP_RETURN, Op.GetPushOp(Payload(checkpoint)));

    /// <summary>
    /// The index of the one output of <paramref name="transaction"/> that commits to <paramref name="checkpoint"/>,
    /// or null when there is none. Outputs are compared byte for byte with <see cref="CreateScript"/>, so a
    /// commitment in another encoding (another push opcode, extra data) does not count.
    /// </summary>
    public static int? FindOutput(Transaction transaction, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        byte[] expected = CreateScript(checkpoint).ToBytes(true);
        for (int i = 0; i < transaction.Outputs.Count; i++)
        {
            if (transaction.Outputs[i].ScriptPubKey.ToBytes(true).AsSpan().SequenceEqual(expected))
            {
                return i;
            }
        }

        return null;
    }
}
