using OversightLedger.Reporting.Csv;

namespace OversightLedger.Reporting.Tests.Csv;

/// <summary>The one cell function every CSV writer of the product uses.</summary>
public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-12.50", "\"'-12.50\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("plain-id", "plain-id")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void A_text_cell_is_quoted_as_rfc_4180_needs_and_neutralised_when_it_begins_like_a_formula(string? value, string written) =>
        Assert.Equal(written, CsvCell.Text(value));

    [Theory]
    [InlineData("-12.50", "-12.50")]
    [InlineData("0", "0")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("-1+1", "\"'-1+1\"")]
    [InlineData("-", "\"'-\"")]
    [InlineData("=1", "\"'=1\"")]
    public void A_number_cell_is_written_as_it_is_only_when_it_is_a_decimal_number(string? value, string written) =>
        Assert.Equal(written, CsvCell.Number(value));
}
