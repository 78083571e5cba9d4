namespace OversightLedger.Load;

/// <summary>
/// What the scenarios disburse against: one agency key, one budget with released funds far beyond any run, programs
/// on it whose cap per beneficiary and month never binds, and the enrolled beneficiaries' references (the same in every program).
/// </summary>
internal sealed record LoadLedger(string RunId, string AgencyKey, string Budget, string[] Programs, string[] Beneficiaries, string Amount);
