namespace OversightLedger.Domain.Tests.Money;

using FsCheck;
using FsCheck.Fluent;
using OversightLedger.Domain.Money;

/// <summary>
/// <see cref="DecimalAmount"/> is <see cref="Money.Parse"/> cut in two (issue 12): the currency-free grammar at the edge,
/// the currency's rules in <see cref="DecimalAmount.In"/>. Together they accept exactly what <see cref="Money.Parse"/>
/// accepts, as the same money, and refuse the rest with its message.
/// </summary>
public class DecimalAmountTests
{
    private static readonly string[] Codes = ["EUR", "JPY", "KWD", "CLF", "USD"];

    [Theory]
    [InlineData("12.50", 1250, 2)]
    [InlineData("12.5", 125, 1)]
    [InlineData("12", 12, 0)]
    [InlineData("0", 0, 0)]
    [InlineData("0.00", 0, 2)]
    [InlineData("-0.05", -5, 2)]
    [InlineData("0.0000000000000000000000000001", 1, 28)]
    [InlineData("9223372036854775807", long.MaxValue, 0)]
    [InlineData("-9223372036854775808", long.MinValue, 0)]
    [InlineData("-92233720368547758.08", long.MinValue, 2)]
    public void Reads_the_digits_and_the_decimals_and_writes_back_the_text_it_read(string text, long units, int decimals)
    {
        Assert.True(DecimalAmount.TryParse(text, out DecimalAmount amount, out string? error), error);

        Assert.Equal((units, decimals), (amount.Units, amount.Decimals));
        Assert.Equal(text, amount.ToString());
    }

    [Theory]
    [InlineData(null, "an amount is required")]
    [InlineData("", "digits are required before the decimal point")]
    [InlineData("5e2", "only ASCII digits, one leading '-' and one '.' are allowed")]
    [InlineData(" 5", "only ASCII digits, one leading '-' and one '.' are allowed")]
    [InlineData("+5", "only ASCII digits, one leading '-' and one '.' are allowed")]
    [InlineData("1,00", "only ASCII digits, one leading '-' and one '.' are allowed")]
    [InlineData("012", "leading zeros are not allowed")]
    [InlineData("5.", "digits are required after the decimal point")]
    [InlineData("-0", "negative zero is not an amount")]
    [InlineData("9223372036854775808", "the amount does not fit in 64 bits")]
    [InlineData("99999999999999999999999", "the amount does not fit in 64 bits")]
    [InlineData("-9223372036854775809", "the amount does not fit in 64 bits")]
    public void Refuses_what_is_no_amount_in_any_currency_with_the_reason_of_Money_Parse(string? text, string reason)
    {
        Assert.False(DecimalAmount.TryParse(text, out _, out string? error));

        Assert.Equal(reason, error);
        if (text is not null)
        {
            Assert.Equal($"'{text}' is not a EUR amount: {reason}", Assert.Throws<FormatException>(() => Money.Parse(text, Currency.Parse("EUR"))).Message);
            Assert.Equal($"'{text}' is not a EUR amount: {reason}", Assert.Throws<FormatException>(() => DecimalAmount.Parse(text, Currency.Parse("EUR"))).Message);
        }
    }

    [Theory]
    [InlineData("1.001", "EUR", "EUR allows at most 2 decimals")]
    [InlineData("10.5", "JPY", "JPY allows at most 0 decimals")]
    [InlineData("1.2345", "KWD", "KWD allows at most 3 decimals")]
    [InlineData("92233720368547758.08", "EUR", "the amount does not fit in 64 bits")]
    [InlineData("922337203685477580.7", "EUR", "the amount does not fit in 64 bits")]
    [InlineData("9223372036854775807", "EUR", "the amount does not fit in 64 bits")]
    [InlineData("-9223372036854775808", "CLF", "the amount does not fit in 64 bits")]
    public void Made_money_refuses_what_its_currency_does_not_take_with_the_message_of_Money_Parse(string text, string code, string reason)
    {
        Currency currency = Currency.Parse(code);
        string expected = Assert.Throws<FormatException>(() => Money.Parse(text, currency)).Message;

        bool read = DecimalAmount.TryParse(text, out DecimalAmount amount, out _);

        Assert.Equal($"'{text}' is not a {code} amount: {reason}", expected);
        if (read)
        {
            Assert.Equal(expected, Assert.Throws<FormatException>(() => amount.In(currency)).Message);
            Assert.False(amount.TryIn(currency, out _));
        }
        else
        {
            Assert.EndsWith(reason, expected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_amount_with_fewer_decimals_is_the_same_money_and_money_gives_back_its_amount()
    {
        Currency eur = Currency.Parse("EUR");
        Money money = DecimalAmount.Parse("12.5", eur).In(eur);

        Assert.Equal(Money.Parse("12.50", eur), money);
        Assert.Equal(new DecimalAmount(1250, 2), DecimalAmount.Of(money));
        Assert.Equal(money, DecimalAmount.Of(money).In(eur));
        Assert.Equal("1000", DecimalAmount.Of(Money.Parse("1000", Currency.Parse("JPY"))).ToString());
    }

    [Fact]
    public void Negative_decimals_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecimalAmount(1, -1));
    }

    /// <summary>Any text, in any currency: read then made money, it is what <see cref="Money.TryParse(string?, Currency, out Money?)"/> makes of it.</summary>
    [Fact]
    public void Read_then_made_money_accepts_exactly_what_Money_Parse_accepts()
    {
        Gen<string> digits = Gen.Elements("0", "1", "5", "9", "12", "100", "9223372036854775807", "92233720368547758", "00");
        Gen<string> texts = Gen.OneOf(
            from sign in Gen.Elements(string.Empty, "-", "+")
            from whole in digits
            from point in Gen.Elements(string.Empty, ".", ".0", ".5", ".05", ".123", ".1234", ".12345", ".00")
            select sign + whole + point,
            ArbMap.Default.GeneratorFor<string>());

        Prop.ForAll(Arb.From(texts), Arb.From(Gen.Elements(Codes)), (text, code) =>
        {
            Currency currency = Currency.Parse(code);
            bool parsed = Money.TryParse(text, currency, out Money? money);
            Money? made = DecimalAmount.TryParse(text, out DecimalAmount amount, out _) && amount.TryIn(currency, out Money? m) ? m : null;
            return parsed == made is not null && Equals(money, made) && (!parsed || amount.ToString() == text);
        }).QuickCheckThrowOnFailure();
    }
}
