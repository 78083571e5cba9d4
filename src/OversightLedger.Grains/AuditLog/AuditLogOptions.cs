namespace OversightLedger.Grains.AuditLog;

/// <summary>Where the public log lives and how it is signed.</summary>
public sealed class AuditLogOptions
{
    /// <summary>The log's origin line and its signing key's name. Default: <c>oversightledger.local/log</c>.</summary>
    public string Origin { get; set; } = "oversightledger.local/log";

    /// <summary>The most entries written in one batch (one checkpoint). Default: 4,096.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>
    /// Embedded profile: whether the sequencer keeps its index of entry ids and subjects on disk (SQLite, under the data
    /// directory), caught up from its recorded position at activation, rather than in memory, rebuilt from the whole log
    /// at every activation. The azure profile's index is in memory. Default: false — on disk, every id check that the
    /// in-memory Bloom filter cannot answer and every batch's index write cost the HTTP write path about 30 % of its
    /// throughput (docs/BENCHMARKS.md, "http-single and wrk"), so it is for logs whose restart time matters more.
    /// </summary>
    public bool IndexOnDisk { get; set; }
}
