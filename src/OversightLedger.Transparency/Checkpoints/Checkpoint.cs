using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using OversightLedger.Transparency.Hashing;

namespace OversightLedger.Transparency.Checkpoints;

/// <summary>
/// A C2SP checkpoint body (c2sp.org/tlog-checkpoint): the log's origin, the tree size and the RFC 6962 root hash,
/// then optional opaque extension lines. Its text is <c>origin\nsize\nbase64(root)\n[extension\n]...</c>.
/// </summary>
public sealed record Checkpoint
{
    private readonly ReadOnlyCollection<string> _extensions;

    /// <summary>Creates a checkpoint body.</summary>
    /// <exception cref="ArgumentException">The origin or an extension line is empty or holds a control character.</exception>
    public Checkpoint(string origin, ulong size, MerkleHash root, IEnumerable<string>? extensions = null)
    {
        RequireLine(origin, nameof(origin), "The origin");
        string[] lines = [.. extensions ?? []];
        foreach (string line in lines)
        {
            RequireLine(line, nameof(extensions), "An extension line");
        }

        Origin = origin;
        Size = size;
        Root = root;
        _extensions = Array.AsReadOnly(lines);
    }

    /// <summary>The log's origin line, identifying the log.</summary>
    public string Origin { get; }

    /// <summary>The number of leaves in the tree.</summary>
    public ulong Size { get; }

    /// <summary>The RFC 6962 root hash of the tree at <see cref="Size"/>.</summary>
    public MerkleHash Root { get; }

    /// <summary>Opaque extension lines after the root (usually none).</summary>
    public IReadOnlyList<string> Extensions => _extensions;

    /// <summary>Reads checkpoint text strictly: at least three lines, each ending in a newline.</summary>
    /// <exception cref="FormatException">
    /// The text does not end in a newline, has fewer than three lines, an empty origin or extension line, a size with a
    /// sign, leading zero or overflow, or a root that is not the canonical base64 of 32 bytes.
    /// </exception>
    public static Checkpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("checkpoint text does not end with a newline");
        }

        string[] lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException($"checkpoint text has {lines.Length} lines; at least 3 (origin, size, root hash) are required");
        }

        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                throw new FormatException(i == 0 ? "checkpoint origin line is empty" : $"checkpoint line {i + 1} is empty");
            }

            if (lines[i].Any(IsControl))
            {
                throw new FormatException($"checkpoint line {i + 1} holds a control character");
            }
        }

        return new Checkpoint(lines[0], ParseSize(lines[1]), ParseRoot(lines[2]), lines[3..]);
    }

    /// <summary>The checkpoint text (the note text that is signed), ending in a newline.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append(Origin).Append('\n')
            .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(Root.ToBase64()).Append('\n');
        foreach (string line in _extensions)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public bool Equals(Checkpoint? other) =>
        other is not null
        && Origin == other.Origin
        && Size == other.Size
        && Root == other.Root
        && _extensions.SequenceEqual(other._extensions, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Origin, Size, Root, _extensions.Count);

    private static ulong ParseSize(string line)
    {
        bool digitsOnly = line.All(char.IsAsciiDigit);
        if (!digitsOnly || (line.Length > 1 && line[0] == '0'))
        {
            throw new FormatException($"checkpoint size '{line}' is not a decimal number without leading zeroes");
        }

        if (!ulong.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out ulong size))
        {
            throw new FormatException($"checkpoint size '{line}' does not fit in 64 bits");
        }

        return size;
    }

    private static MerkleHash ParseRoot(string line)
    {
        MerkleHash root;
        try
        {
            root = MerkleHash.FromBase64(line);
        }
        catch (FormatException e)
        {
            throw new FormatException($"checkpoint root hash '{line}' is not the base64 of 32 bytes", e);
        }

        if (!string.Equals(root.ToBase64(), line, StringComparison.Ordinal))
        {
            throw new FormatException($"checkpoint root hash '{line}' is not canonical base64");
        }

        return root;
    }

    // The signed-note rule: no ASCII control characters (a newline would end the line).
    private static bool IsControl(char c) => c < ' ';

    private static void RequireLine(string line, string parameterName, string what)
    {
        ArgumentNullException.ThrowIfNull(line, parameterName);
        if (line.Length == 0)
        {
            throw new ArgumentException($"{what} of a checkpoint must not be empty.", parameterName);
        }

        if (line.Any(IsControl))
        {
            throw new ArgumentException($"{what} of a checkpoint must be one line without control characters.", parameterName);
        }
    }
}
