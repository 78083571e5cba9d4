namespace OversightLedger.Sanctions;

/// <summary>
/// A list file was refused: truncated, malformed, wrong column count, not the expected format. The loader keeps the
/// previous version in force when it sees this.
/// </summary>
public sealed class SanctionsListFormatException : Exception
{
    /// <summary>Creates the error for a file, at a line when one is known.</summary>
    public SanctionsListFormatException(string fileName, long? line, string reason, Exception? inner = null)
        : base(line is { } l ? $"{fileName}, line {l}: {reason}" : $"{fileName}: {reason}", inner)
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    /// <summary>The refused file's name.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line (or record) where the problem was seen, when known.</summary>
    public long? Line { get; }

    /// <summary>What is wrong, in words.</summary>
    public string Reason { get; }
}
