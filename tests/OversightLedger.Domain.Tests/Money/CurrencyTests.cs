namespace OversightLedger.Domain.Tests.Money;

using OversightLedger.Domain.Money;

public class CurrencyTests
{
    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("USD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("XOF", 0)]
    [InlineData("XAF", 0)]
    [InlineData("UGX", 0)]
    [InlineData("RWF", 0)]
    [InlineData("BIF", 0)]
    [InlineData("CLP", 0)]
    [InlineData("DJF", 0)]
    [InlineData("GNF", 0)]
    [InlineData("ISK", 0)]
    [InlineData("KMF", 0)]
    [InlineData("PYG", 0)]
    [InlineData("VND", 0)]
    [InlineData("VUV", 0)]
    [InlineData("XPF", 0)]
    [InlineData("BHD", 3)]
    [InlineData("IQD", 3)]
    [InlineData("JOD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("LYD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    [InlineData("CLF", 4)]
    [InlineData("SLE", 2)]
    [InlineData("XCG", 2)]
    [InlineData("ZWG", 2)]
    public void KnowsTheMinorUnitExponent(string code, int exponent)
    {
        Currency currency = Currency.Parse(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(exponent, currency.MinorUnitExponent);
        Assert.Equal(code, currency.ToString());
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData("XXX")]
    [InlineData("XAU")]
    [InlineData("HRK")]
    [InlineData("SLL")]
    [InlineData("ABC")]
    public void RefusesUnknownCodes(string code)
    {
        Assert.Throws<FormatException>(() => Currency.Parse(code));
        Assert.False(Currency.TryParse(code, out _));
    }

    [Fact]
    public void IsOneInstancePerCodeWithValueEquality()
    {
        Assert.Same(Currency.Parse("EUR"), Currency.Parse("EUR"));
        Assert.Equal(Currency.Parse("EUR"), Currency.Parse("EUR"));
        Assert.NotEqual(Currency.Parse("EUR"), Currency.Parse("USD"));
    }

    [Fact]
    public void ListsEveryCodeOnceInOrder()
    {
        string[] codes = [.. Currency.All.Select(c => c.Code)];

        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal(codes.Length, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[A-Z]{3}$", c));
        Assert.InRange(codes.Length, 150, 180);
    }
}
