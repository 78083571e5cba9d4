using System.Collections.Frozen;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Watchdog;

using OversightLedger.Domain.Money;

/// <summary>
/// The thresholds of the watchdog's rules (docs/WATCHDOG-RULES.md). Amounts are in major units of the currency of the
/// program concerned (10000 means 10,000.00 EUR for a EUR program, 10,000 JPY for a JPY one). The defaults are stated on
/// each property; <see cref="Validate"/> refuses values that would make a rule meaningless.
/// </summary>
public sealed record WatchdogRuleSettings
{
    /// <summary>The settings with every default.</summary>
    public static WatchdogRuleSettings Default { get; } = new();

    /// <summary>The most leaf indices one finding cites (the most relevant ones when there are more). Default 32; 1 to 256.</summary>
    public int MaxLeavesCited { get; init; } = 32;

    /// <summary>
    /// over-cap: a payment that takes what a beneficiary was paid gross (reversals not subtracted) in a program and period
    /// above the cap is a finding once at least this many of those payments were reversed before it (the reverse-and-re-pay
    /// pattern). One reversal is a correction, not a pattern. Default 2; at least 1. (Above the cap net of reversals is
    /// always a finding.)
    /// </summary>
    public int OverCapRepayMinimumReversals { get; init; } = 2;

    /// <summary>velocity: a period's disbursements must exceed this many times the trailing mean. Default 3; above 1.</summary>
    public decimal VelocityFactor { get; init; } = 3m;

    /// <summary>velocity: how many periods before the one observed make the trailing mean. Default 3; 1 to 24.</summary>
    public int VelocityTrailingPeriods { get; init; } = 3;

    /// <summary>
    /// velocity: how many of the trailing periods must have had disbursements, so a new program's first months do not
    /// fire. Default 3; 1 to <see cref="VelocityTrailingPeriods"/>.
    /// </summary>
    public int VelocityMinimumHistoryPeriods { get; init; } = 3;

    /// <summary>velocity: a period below this amount (major units) never fires, so quiet programs stay quiet. Default 10000; at least 0.</summary>
    public decimal VelocityMinimumAmount { get; init; } = 10_000m;

    /// <summary>structuring: the approval threshold (major units) for every currency not in <see cref="StructuringThresholdsByCurrency"/>. Default 10000; above 0.</summary>
    public decimal StructuringThreshold { get; init; } = 10_000m;

    /// <summary>structuring: the approval threshold (major units) per ISO 4217 code, e.g. <c>["JPY"] = 1_000_000</c>. Default none; each above 0.</summary>
    public IReadOnlyDictionary<string, decimal> StructuringThresholdsByCurrency { get; init; } = FrozenDictionary<string, decimal>.Empty;

    /// <summary>structuring: "just under" means at least threshold × (1 − margin/100) and below the threshold. Default 10 (%); above 0 and below 100.</summary>
    public decimal StructuringMarginPercent { get; init; } = 10m;

    /// <summary>structuring: how many payments just under the threshold one program makes in one period before it is a finding. Default 10; at least 2.</summary>
    public int StructuringMinimumCount { get; init; } = 10;

    /// <summary>reversals: the share (%) of a period's disbursed volume that reversals must exceed. Default 20 (%); above 0 and below 100.</summary>
    public decimal ReversalSharePercent { get; init; } = 20m;

    /// <summary>reversals: a period whose disbursed volume (major units) is below this never fires. Default 1000; at least 0.</summary>
    public decimal ReversalMinimumVolume { get; init; } = 1_000m;

    /// <summary>Checks every setting; returns the settings for chaining.</summary>
    /// <exception cref="ArgumentException">A setting is out of its range; the parameter name is the property.</exception>
    public WatchdogRuleSettings Validate()
    {
        Require(MaxLeavesCited is >= 1 and <= FindingRaised.MaxLeaves, nameof(MaxLeavesCited), $"from 1 to {FindingRaised.MaxLeaves}");
        Require(OverCapRepayMinimumReversals >= 1, nameof(OverCapRepayMinimumReversals), "at least 1");
        Require(VelocityFactor > 1m, nameof(VelocityFactor), "above 1");
        Require(VelocityTrailingPeriods is >= 1 and <= 24, nameof(VelocityTrailingPeriods), "from 1 to 24");
        Require(
            VelocityMinimumHistoryPeriods >= 1 && VelocityMinimumHistoryPeriods <= VelocityTrailingPeriods,
            nameof(VelocityMinimumHistoryPeriods),
            $"from 1 to VelocityTrailingPeriods ({VelocityTrailingPeriods})");
        Require(VelocityMinimumAmount >= 0m, nameof(VelocityMinimumAmount), "at least 0");
        Require(StructuringThreshold > 0m, nameof(StructuringThreshold), "above 0");
        Require(StructuringThresholdsByCurrency is not null, nameof(StructuringThresholdsByCurrency), "a dictionary (may be empty)");
        foreach ((string code, decimal threshold) in StructuringThresholdsByCurrency!)
        {
            Require(Currency.TryParse(code, out _), nameof(StructuringThresholdsByCurrency), $"keyed by ISO 4217 codes, not '{code}'");
            Require(threshold > 0m, nameof(StructuringThresholdsByCurrency), $"above 0 ({code} is {threshold})");
        }

        Require(StructuringMarginPercent is > 0m and < 100m, nameof(StructuringMarginPercent), "above 0 and below 100");
        Require(StructuringMinimumCount >= 2, nameof(StructuringMinimumCount), "at least 2");
        Require(ReversalSharePercent is > 0m and < 100m, nameof(ReversalSharePercent), "above 0 and below 100");
        Require(ReversalMinimumVolume >= 0m, nameof(ReversalMinimumVolume), "at least 0");
        return this;
    }

    /// <summary>The approval threshold for <paramref name="currency"/>, in major units.</summary>
    public decimal StructuringThresholdFor(Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return StructuringThresholdsByCurrency.TryGetValue(currency.Code, out decimal threshold) ? threshold : StructuringThreshold;
    }

    private static void Require(bool valid, string setting, string range)
    {
        if (!valid)
        {
            throw new ArgumentException($"The watchdog setting {setting} must be {range}.", setting);
        }
    }
}
