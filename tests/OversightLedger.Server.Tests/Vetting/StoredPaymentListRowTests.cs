using Microsoft.Extensions.DependencyInjection;
using OversightLedger.Domain.Money;
using OversightLedger.Grains.Programs;
using Orleans.Serialization;

namespace OversightLedger.Server.Tests.Vetting;

/// <summary>
/// A payment list waiting for its vetting keeps its rows in grain storage across an upgrade: a row stored before issue 12
/// (the amount as text in field 4) is read back by today's <see cref="DisburseCommand"/> with its amount, through Orleans'
/// own serializer (what the grain storage uses).
/// </summary>
public sealed class StoredPaymentListRowTests
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(DisburseCommand).Assembly).AddAssembly(typeof(StoredPaymentListRowTests).Assembly))
        .BuildServiceProvider();

    private static Serializer Serializer => Services.GetRequiredService<Serializer>();

    private static DisburseCommand ReadBack<T>(T stored) =>
        Serializer.Deserialize<DisburseCommand>(Serializer.SerializeToArray(stored)) ?? throw new InvalidOperationException("nothing read back");

    [Fact]
    public void A_row_stored_before_issue_12_comes_back_with_its_amount()
    {
        var stored = new DisburseCommandBeforeIssue12("row-1", "budget-1", "t1", "pseudonym-1", "12.50", "health", "cash", "2026-12", "cp-1");

        DisburseCommand read = ReadBack(stored);
        Assert.Equal("12.50", read.AmountTextStoredBeforeIssue12);
        Assert.Equal(default, read.Amount);

        DisburseCommand upgraded = read.WithAmountStoredBeforeIssue12();
        Assert.True(DecimalAmount.TryParse("12.50", out DecimalAmount expected, out _));
        Assert.Equal(expected, upgraded.Amount);
        Assert.Equal(Money.Parse("12.50", Currency.Parse("USD")), upgraded.Amount.In(Currency.Parse("USD")));
        Assert.Null(upgraded.AmountTextStoredBeforeIssue12);
        Assert.Equal(
            (stored.DisbursementId, stored.Budget, stored.Tranche, stored.Beneficiary, stored.Sector, stored.Modality, stored.Period, stored.Counterparty),
            (upgraded.DisbursementId, upgraded.Budget, upgraded.Tranche, upgraded.Beneficiary, upgraded.Sector, upgraded.Modality, upgraded.Period, upgraded.Counterparty));
    }

    [Fact]
    public void A_row_stored_today_has_no_old_text_and_is_left_as_it_is()
    {
        Assert.True(DecimalAmount.TryParse("7.25", out DecimalAmount amount, out _));
        var command = new DisburseCommand("row-2", "budget-1", null, "pseudonym-2", amount, null, null, null);

        DisburseCommand read = ReadBack(command);

        Assert.Null(read.AmountTextStoredBeforeIssue12);
        Assert.Equal(command, read.WithAmountStoredBeforeIssue12());
    }

    [Fact]
    public void An_old_text_that_is_no_amount_is_left_for_the_payment_to_refuse()
    {
        var stored = new DisburseCommandBeforeIssue12("row-3", "budget-1", null, "pseudonym-3", "1e3", null, null, null);

        DisburseCommand upgraded = ReadBack(stored).WithAmountStoredBeforeIssue12();

        Assert.Equal(default, upgraded.Amount);
        Assert.Equal("1e3", upgraded.AmountTextStoredBeforeIssue12);
    }
}
