using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Watchdog;

namespace OversightLedger.Domain.Tests.Watchdog;

using OversightLedger.Domain.Money;

public class WatchdogRuleSettingsTests
{
    private static readonly WatchdogRuleSettings Defaults = WatchdogRuleSettings.Default;

    public static TheoryData<string, WatchdogRuleSettings> OutOfRange() => new()
    {
        { nameof(WatchdogRuleSettings.MaxLeavesCited), Defaults with { MaxLeavesCited = 0 } },
        { nameof(WatchdogRuleSettings.MaxLeavesCited), Defaults with { MaxLeavesCited = FindingRaised.MaxLeaves + 1 } },
        { nameof(WatchdogRuleSettings.OverCapRepayMinimumReversals), Defaults with { OverCapRepayMinimumReversals = 0 } },
        { nameof(WatchdogRuleSettings.VelocityFactor), Defaults with { VelocityFactor = 1m } },
        { nameof(WatchdogRuleSettings.VelocityTrailingPeriods), Defaults with { VelocityTrailingPeriods = 0 } },
        { nameof(WatchdogRuleSettings.VelocityTrailingPeriods), Defaults with { VelocityTrailingPeriods = 25 } },
        { nameof(WatchdogRuleSettings.VelocityMinimumHistoryPeriods), Defaults with { VelocityMinimumHistoryPeriods = 0 } },
        { nameof(WatchdogRuleSettings.VelocityMinimumHistoryPeriods), Defaults with { VelocityTrailingPeriods = 2, VelocityMinimumHistoryPeriods = 3 } },
        { nameof(WatchdogRuleSettings.VelocityMinimumAmount), Defaults with { VelocityMinimumAmount = -1m } },
        { nameof(WatchdogRuleSettings.StructuringThreshold), Defaults with { StructuringThreshold = 0m } },
        { nameof(WatchdogRuleSettings.StructuringThresholdsByCurrency), Defaults with { StructuringThresholdsByCurrency = new Dictionary<string, decimal> { ["eur"] = 5m } } },
        { nameof(WatchdogRuleSettings.StructuringThresholdsByCurrency), Defaults with { StructuringThresholdsByCurrency = new Dictionary<string, decimal> { ["EUR"] = 0m } } },
        { nameof(WatchdogRuleSettings.StructuringMarginPercent), Defaults with { StructuringMarginPercent = 0m } },
        { nameof(WatchdogRuleSettings.StructuringMarginPercent), Defaults with { StructuringMarginPercent = 100m } },
        { nameof(WatchdogRuleSettings.StructuringMinimumCount), Defaults with { StructuringMinimumCount = 1 } },
        { nameof(WatchdogRuleSettings.ReversalSharePercent), Defaults with { ReversalSharePercent = 0m } },
        { nameof(WatchdogRuleSettings.ReversalSharePercent), Defaults with { ReversalSharePercent = 100m } },
        { nameof(WatchdogRuleSettings.ReversalMinimumVolume), Defaults with { ReversalMinimumVolume = -0.01m } },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void RefusesASettingOutOfItsRangeNamingIt(string setting, WatchdogRuleSettings settings)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => settings.Validate());

        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void TheDefaultsAreValidAndTheBoundsAreAllowed()
    {
        Assert.Same(Defaults, Defaults.Validate());
        WatchdogRuleSettings edges = Defaults with
        {
            MaxLeavesCited = FindingRaised.MaxLeaves,
            VelocityTrailingPeriods = 24,
            VelocityMinimumHistoryPeriods = 24,
            VelocityMinimumAmount = 0m,
            ReversalMinimumVolume = 0m,
            StructuringMinimumCount = 2,
        };
        Assert.Same(edges, edges.Validate());
    }

    [Fact]
    public void AThresholdPerCurrencyOverridesTheOneForEveryOtherCurrency()
    {
        WatchdogRuleSettings settings = Defaults with { StructuringThreshold = 700m, StructuringThresholdsByCurrency = new Dictionary<string, decimal> { ["JPY"] = 1_000_000m } };

        Assert.Equal(1_000_000m, settings.StructuringThresholdFor(Currency.Parse("JPY")));
        Assert.Equal(700m, settings.StructuringThresholdFor(Currency.Parse("EUR")));
    }
}
