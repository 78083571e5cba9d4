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
    /// directory, written behind the log by a thread of its own), caught up from its recorded position at activation,
    /// rather than in memory, rebuilt from the whole log at every activation. The azure profile's index is in memory.
    /// Default: true — written behind, it costs the HTTP write path nothing measurable (docs/BENCHMARKS.md, "http-single
    /// with the index written behind"); false keeps every id in memory and re-reads the log at every start.
    /// </summary>
    public bool IndexOnDisk { get; set; } = true;
}
