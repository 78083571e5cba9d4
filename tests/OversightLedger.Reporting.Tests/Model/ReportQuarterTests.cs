using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Tests.Model;

public sealed class ReportQuarterTests
{
    [Theory]
    [InlineData("2026-Q1", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z")]
    [InlineData("2026-Q4", "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("2028-Q1", "2028-01-01T00:00:00Z", "2028-04-01T00:00:00Z")]
    public void Parses_formats_and_knows_its_bounds(string text, string start, string end)
    {
        ReportQuarter quarter = ReportQuarter.Parse(text);

        Assert.Equal(text, quarter.ToString());
        Assert.Equal(start, ReportText.Time(quarter.Start));
        Assert.Equal(end, ReportText.Time(quarter.End));
        Assert.Equal(quarter.Next.Start, quarter.End);
        Assert.Equal(quarter, quarter.Next.Previous);
        Assert.Equal(quarter, quarter.Previous.Next);
    }

    [Fact]
    public void The_last_second_of_a_quarter_is_in_it_and_the_first_second_of_the_next_is_not()
    {
        var q4 = new ReportQuarter(2026, 4);
        DateTimeOffset lastSecond = new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);
        DateTimeOffset next = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.True(q4.Contains(lastSecond));
        Assert.False(q4.Contains(next));
        Assert.Equal(q4, ReportQuarter.Containing(lastSecond));
        Assert.Equal(new ReportQuarter(2027, 1), ReportQuarter.Containing(next));
        Assert.Equal(q4, ReportQuarter.Containing(new DateTimeOffset(2027, 1, 1, 0, 30, 0, TimeSpan.FromHours(1)))); // 23:30 UTC
        Assert.Equal(["2026-10", "2026-11", "2026-12"], q4.Months);
        Assert.Equal(new ReportQuarter(2027, 1), q4.Next);
        Assert.Equal(new ReportQuarter(2026, 3), q4.Previous);
        Assert.True(q4 < q4.Next);
    }

    [Theory]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026Q4")]
    [InlineData("26-Q4")]
    [InlineData("2026-q4")]
    [InlineData("0000-Q1")]
    [InlineData("")]
    public void Refuses_what_is_not_a_quarter(string text)
    {
        Assert.False(ReportQuarter.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ReportQuarter.Parse(text));
    }
}
