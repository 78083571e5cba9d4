namespace OversightLedger.Grains.Anchoring;

/// <summary>What one anchoring run did.</summary>
/// <param name="Outcome">
/// <c>off</c> (anchoring not configured), <c>skipped</c> (the log did not grow since the last anchor), <c>broadcast</c> (a
/// new anchor was sent), <c>pending</c> (the anchor in flight is not deep enough yet), <c>anchored</c> (an anchor reached
/// the depth and was recorded), <c>insufficient-funds</c>, <c>rejected</c> (the node refused the transaction) or
/// <c>chain-unavailable</c>.
/// </param>
/// <param name="Detail">The same in plain words.</param>
/// <param name="Anchored">The anchor this run recorded, if any.</param>
/// <param name="At">When the run ended.</param>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Anchoring.AnchorRun")]
public sealed record AnchorRun(
    [property: Id(0)] string Outcome,
    [property: Id(1)] string Detail,
    [property: Id(2)] AnchorRecord? Anchored,
    [property: Id(3)] DateTimeOffset At);
