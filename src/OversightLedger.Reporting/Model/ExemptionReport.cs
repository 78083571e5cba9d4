using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Money;

namespace OversightLedger.Reporting.Model;

/// <summary>
/// A humanitarian exemption in force at the end of the quarter: its sunset (after any renewal) is later than
/// <see cref="ReportQuarter.End"/>, so a decision taken as the next quarter begins is still covered.
/// </summary>
/// <param name="Budget">The budget id.</param>
/// <param name="Exemption">The exemption id.</param>
/// <param name="Sectors">The DAC sectors it covers.</param>
/// <param name="Modalities">The modalities it covers.</param>
/// <param name="MaxAmount">The largest single disbursement it covers.</param>
/// <param name="GrantedAt">When it was granted (UTC).</param>
/// <param name="GrantedLeaf">The leaf index of the <c>ExemptionGranted</c> entry.</param>
/// <param name="Sunset">Its sunset at the end of the quarter (UTC): decisions strictly before it are covered.</param>
/// <param name="Renewals">How many <c>ExemptionRenewed</c> entries moved its sunset by the end of the quarter.</param>
/// <param name="SunsetWithin30Days">Whether the sunset falls within 30 days after the end of the quarter.</param>
public sealed record ExemptionReport(
    string Budget,
    string Exemption,
    NameSet Sectors,
    NameSet Modalities,
    Money MaxAmount,
    DateTimeOffset GrantedAt,
    ulong GrantedLeaf,
    DateTimeOffset Sunset,
    long Renewals,
    bool SunsetWithin30Days);
