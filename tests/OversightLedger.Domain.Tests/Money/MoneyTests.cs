namespace OversightLedger.Domain.Tests.Money;

using OversightLedger.Domain.Money;

public class MoneyTests
{
    [Theory]
    [InlineData("EUR", "12.5", 1250, "12.50")]
    [InlineData("EUR", "12.50", 1250, "12.50")]
    [InlineData("EUR", "12", 1200, "12.00")]
    [InlineData("EUR", "0", 0, "0.00")]
    [InlineData("EUR", "0.05", 5, "0.05")]
    [InlineData("EUR", "-0.05", -5, "-0.05")]
    [InlineData("EUR", "-12.5", -1250, "-12.50")]
    [InlineData("EUR", "1000000", 100000000, "1000000.00")]
    [InlineData("JPY", "1000", 1000, "1000")]
    [InlineData("JPY", "0", 0, "0")]
    [InlineData("KWD", "1.234", 1234, "1.234")]
    [InlineData("KWD", "1.2", 1200, "1.200")]
    [InlineData("CLF", "0.0001", 1, "0.0001")]
    [InlineData("EUR", "92233720368547758.07", long.MaxValue, "92233720368547758.07")]
    [InlineData("EUR", "-92233720368547758.08", long.MinValue, "-92233720368547758.08")]
    public void ParsesAndFormats(string code, string text, long minorUnits, string formatted)
    {
        Currency currency = Currency.Parse(code);

        Money money = Money.Parse(text, currency);

        Assert.Equal(minorUnits, money.MinorUnits);
        Assert.Equal(formatted, money.ToDecimalString());
        Assert.Equal($"{formatted} {code}", money.ToString());
        Assert.Equal(money, Money.Parse(formatted, currency));
    }

    [Theory]
    [InlineData("EUR", "")]
    [InlineData("EUR", "-")]
    [InlineData("EUR", "+12")]
    [InlineData("EUR", "--12")]
    [InlineData("EUR", "1-2")]
    [InlineData("EUR", "12-")]
    [InlineData("EUR", " 12")]
    [InlineData("EUR", "12 ")]
    [InlineData("EUR", "1e3")]
    [InlineData("EUR", "1E3")]
    [InlineData("EUR", "1.2e1")]
    [InlineData("EUR", "12.")]
    [InlineData("EUR", ".5")]
    [InlineData("EUR", "12.345")]
    [InlineData("EUR", "1,50")]
    [InlineData("EUR", "1.2.3")]
    [InlineData("EUR", "012")]
    [InlineData("EUR", "00.5")]
    [InlineData("EUR", "-0")]
    [InlineData("EUR", "-0.00")]
    [InlineData("EUR", "NaN")]
    [InlineData("EUR", "Infinity")]
    [InlineData("EUR", "0x10")]
    [InlineData("EUR", "١٢")]
    [InlineData("EUR", "92233720368547758.08")]
    [InlineData("EUR", "99999999999999999999")]
    [InlineData("JPY", "1000.0")]
    [InlineData("JPY", "12.5")]
    [InlineData("KWD", "1.2345")]
    public void RefusesWhatIsNotAPlainDecimal(string code, string text)
    {
        Currency currency = Currency.Parse(code);

        FormatException error = Assert.Throws<FormatException>(() => Money.Parse(text, currency));
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.False(Money.TryParse(text, currency, out _));
    }

    [Fact]
    public void AddsSubtractsAndComparesWithinOneCurrency()
    {
        Currency eur = Currency.Parse("EUR");
        Money a = Money.Parse("10.25", eur), b = Money.Parse("0.75", eur);

        Assert.Equal(Money.Parse("11", eur), a + b);
        Assert.Equal(Money.Parse("9.5", eur), a - b);
        Assert.Equal(Money.Parse("-10.25", eur), -a);
        Assert.True(b < a);
        Assert.True(a >= Money.Parse("10.25", eur));
        Assert.True((b - a).IsNegative);
        Assert.True(Money.Zero(eur).IsZero);
    }

    [Fact]
    public void RefusesToMixCurrencies()
    {
        Money eur = Money.Parse("1", Currency.Parse("EUR")), usd = Money.Parse("1", Currency.Parse("USD"));

        Assert.Throws<ArgumentException>(() => eur + usd);
        Assert.Throws<ArgumentException>(() => eur < usd);
        Assert.NotEqual(eur, usd);
    }

    [Fact]
    public void ChecksOverflow()
    {
        Currency eur = Currency.Parse("EUR");

        Assert.Throws<OverflowException>(() => new Money(eur, long.MaxValue) + new Money(eur, 1));
        Assert.Throws<OverflowException>(() => new Money(eur, long.MinValue) - new Money(eur, 1));
        Assert.Throws<OverflowException>(() => -new Money(eur, long.MinValue));
    }
}
