namespace OversightLedger.Sanctions;

/// <summary>A list file as downloaded, whole.</summary>
/// <param name="Address">The address it was asked for.</param>
/// <param name="FileName">The file's name: the address's last path segment when it has an extension, else the format's usual name.</param>
/// <param name="Content">The body's bytes.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of <paramref name="Content"/>.</param>
/// <param name="LastModified">The server's <c>Last-Modified</c>, when sent.</param>
/// <param name="ETag">The server's <c>ETag</c>, when sent.</param>
public sealed record DownloadedSanctionsListFile(
    Uri Address,
    string FileName,
    byte[] Content,
    string Sha256,
    DateTimeOffset? LastModified,
    string? ETag);
