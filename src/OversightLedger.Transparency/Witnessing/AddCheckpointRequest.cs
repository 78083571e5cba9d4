using System.Globalization;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Witnessing;

/// <summary>
/// The body of a c2sp.org/tlog-witness <c>add-checkpoint</c> request: an <c>old &lt;size&gt;</c> line, zero to 63
/// consistency proof lines (one base64 hash each), an empty line, then the signed checkpoint note.
/// </summary>
/// <param name="OldSize">The size of the checkpoint the client believes the witness cosigned last (0 when it knows of none).</param>
/// <param name="Proof">The RFC 6962 consistency proof from <paramref name="OldSize"/> to the checkpoint's size.</param>
/// <param name="Note">The signed checkpoint note, byte for byte.</param>
public sealed record AddCheckpointRequest(ulong OldSize, IReadOnlyList<MerkleHash> Proof, byte[] Note)
{
    /// <summary>The most consistency proof lines a client may send (tlog-witness).</summary>
    public const int MaxProofLines = 63;

    /// <summary>Reads a request body strictly.</summary>
    /// <exception cref="FormatException">The body is not an add-checkpoint request.</exception>
    public static AddCheckpointRequest Parse(ReadOnlySpan<byte> body)
    {
        int end = body.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new FormatException("the body has no old size line");
        }

        ulong oldSize = ParseOldSize(Ascii(body[..end], "old size line"));
        body = body[(end + 1)..];
        var proof = new List<MerkleHash>();
        while (true)
        {
            end = body.IndexOf((byte)'\n');
            if (end < 0)
            {
                throw new FormatException("the body has no empty line before the checkpoint");
            }

            if (end == 0)
            {
                body = body[1..];
                break;
            }

            if (proof.Count == MaxProofLines)
            {
                throw new FormatException($"the consistency proof has more than {MaxProofLines} lines");
            }

            string line = Ascii(body[..end], "consistency proof line");
            try
            {
                proof.Add(MerkleHash.FromBase64(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"consistency proof line {proof.Count + 1} is not a base64 SHA-256 hash: {e.Message}", e);
            }

            body = body[(end + 1)..];
        }

        return body.IsEmpty ? throw new FormatException("the body has no checkpoint after the empty line") : new AddCheckpointRequest(oldSize, proof.AsReadOnly(), body.ToArray());
    }

    /// <summary>The request body: the old size line, the proof lines, an empty line and the note.</summary>
    public byte[] Format()
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"old {OldSize}\n");
        foreach (MerkleHash hash in Proof)
        {
            text.Append(hash.ToBase64()).Append('\n');
        }

        text.Append('\n');
        return [.. System.Text.Encoding.ASCII.GetBytes(text.ToString()), .. Note];
    }

    private static ulong ParseOldSize(string line)
    {
        const string prefix = "old ";
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new FormatException("the first line is not 'old <size>'");
        }

        string digits = line[prefix.Length..];
        bool canonical = digits.Length > 0 && digits.All(char.IsAsciiDigit) && (digits == "0" || digits[0] != '0');
        return canonical && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out ulong size)
            ? size
            : throw new FormatException($"the old size '{digits}' is not a decimal without leading zeroes");
    }

    private static string Ascii(ReadOnlySpan<byte> line, string what)
    {
        foreach (byte b in line)
        {
            if (b is < 0x20 or > 0x7e)
            {
                throw new FormatException($"the {what} holds a byte that is not printable ASCII");
            }
        }

        return System.Text.Encoding.ASCII.GetString(line);
    }
}
