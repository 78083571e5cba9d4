namespace OversightLedger.Grains.Reports;

/// <summary>
/// Where published report files live, addressed by their SHA-256: a file is immutable once stored, and the
/// <c>ReportPublished</c> entry in the log says which file is a quarter's report. Storing the same bytes twice is harmless.
/// </summary>
public interface IReportStore
{
    /// <summary>Stores <paramref name="content"/> durably under its SHA-256 (hex); returns the hash.</summary>
    Task<string> PutAsync(byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The file with this SHA-256, or null when the store does not hold it.</summary>
    Task<byte[]?> GetAsync(string sha256Hex, CancellationToken cancellationToken = default);
}
