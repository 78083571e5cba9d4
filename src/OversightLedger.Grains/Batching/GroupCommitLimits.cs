namespace OversightLedger.Grains.Batching;

/// <summary>The limits of a <see cref="GroupCommitQueue{TItem, TResult}"/>.</summary>
public sealed record GroupCommitLimits
{
    /// <summary>The most items in one batch. Default: 4,096.</summary>
    public int MaxBatchSize { get; init; } = 4096;

    /// <summary>The most batches committed at once. Default: 1 (batches one after the other).</summary>
    public int MaxBatchesInFlight { get; init; } = 1;

    /// <summary>
    /// How long the oldest queued item may wait for more items to join its batch while the batch is below
    /// <see cref="MaxBatchSize"/>. Default: zero (no waiting: a batch starts as soon as a slot is free).
    /// </summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Whether a failed commit also fails every item still queued (a writer that cannot go on after a failure). Default: false.</summary>
    public bool FailQueuedOnFailure { get; init; }

    /// <summary>Checks the limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1, nameof(MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchesInFlight, 1, nameof(MaxBatchesInFlight));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDelay, TimeSpan.Zero, nameof(MaxDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxDelay, TimeSpan.FromMinutes(1), nameof(MaxDelay));
    }
}
