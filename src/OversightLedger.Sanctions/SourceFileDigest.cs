namespace OversightLedger.Sanctions;

/// <summary>One file a list version was read from.</summary>
/// <param name="FileName">The file's name (no directory).</param>
/// <param name="Length">Its length in bytes.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of its bytes.</param>
public sealed record SourceFileDigest(string FileName, long Length, string Sha256);
