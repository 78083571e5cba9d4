namespace OversightLedger.Load;

/// <summary>
/// What the scenarios disburse against: one agency key, one budget with released funds far beyond any run, programs
/// on it whose cap per beneficiary and month never binds, and the enrolled beneficiaries' references (the same in every program).
/// </summary>
internal sealed record LoadLedger(string RunId, string AgencyKey, string Budget, string[] Programs, string[] Beneficiaries, string Amount)
{
    /// <summary>The agency key's principal (what grain calls act as).</summary>
    public string AgencyPrincipal { get; init; } = string.Empty;

    /// <summary>The beneficiaries' pseudonyms, in the order of <see cref="Beneficiaries"/> (what grain calls name).</summary>
    public string[] Pseudonyms { get; init; } = [];

    /// <summary>The server's Orleans gateway port, when the harness started it.</summary>
    public int? GatewayPort { get; init; }
}
