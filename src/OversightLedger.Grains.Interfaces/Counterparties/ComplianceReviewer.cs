namespace OversightLedger.Grains.Counterparties;

/// <summary>A compliance key acting: its principal (written as <c>by</c>) and the agency it may review, or null for the whole ledger.</summary>
[GenerateSerializer, Immutable]
[Alias("OversightLedger.Grains.Counterparties.ComplianceReviewer")]
public sealed record ComplianceReviewer([property: Id(0)] string Principal, [property: Id(1)] string? Scope)
{
    /// <summary>Whether this reviewer may review the counterparties of <paramref name="agency"/>.</summary>
    public bool Covers(string agency) => Scope is null || Scope == agency;
}
