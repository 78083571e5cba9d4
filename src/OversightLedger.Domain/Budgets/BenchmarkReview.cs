using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>One scheduled review of a benchmark as the log records it: opened, and closed once its window has passed.</summary>
public sealed class BenchmarkReview
{
    internal BenchmarkReview(ReviewOpened opened) => Opened = opened;

    /// <summary>The entry that opened it.</summary>
    public ReviewOpened Opened { get; }

    /// <summary>The entry that closed it; null while it is open.</summary>
    public ReviewClosed? Closed { get; private set; }

    /// <summary>Its number and window.</summary>
    public ReviewWindow Window => Opened.Window;

    internal void Close(ReviewClosed closed) => Closed = closed;
}
