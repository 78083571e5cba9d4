using System.Globalization;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// The charts of the HTML report, drawn with ScottPlot and exported as SVG: disbursements per month, by sector and by
/// program (one chart per currency each, since amounts of different currencies are never put on one scale), and the
/// tranches by status.
/// </summary>
/// <remarks>
/// Charts are pictures of figures the page's tables give exactly; only here are amounts turned into floating point, to
/// place the bars. Labels from the log are shortened to fit (the tables carry them in full); ScottPlot's SVG writer
/// escapes them, and <see cref="InlineSvg"/> re-parses the result, so no text can break out of the SVG.
/// </remarks>
internal static class ReportCharts
{
    private const int Width = 560;
    private const int VerticalHeight = 320;
    private const int MaxLabelLength = 22;
    private const string FontName = "DejaVu Sans";
    private static readonly Color MoneyColor = Color.FromHex("#1f6fb2");
    private static readonly Color ReleasedColor = Color.FromHex("#2e7d32");
    private static readonly Color ReadyColor = Color.FromHex("#1f6fb2");
    private static readonly Color AwaitingColor = Color.FromHex("#8a8f98");

    /// <summary>Every chart the report has data for, in page order.</summary>
    public static IReadOnlyList<ReportChart> Build(QuarterlyReport report)
    {
        List<ReportChart> charts = [];
        foreach (IGrouping<Currency, MonthReport> months in report.Months.GroupBy(m => m.InQuarter.Currency).OrderBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            string code = months.Key.Code;
            charts.Add(Vertical(
                $"chart-months-{code}",
                $"Disbursed per month, net of reversals ({code})",
                [.. months.Select(m => (m.Month, m.InQuarter.NetDisbursed))],
                code,
                "months"));
        }

        foreach (IGrouping<Currency, SectorReport> sectors in report.Sectors.GroupBy(s => s.InQuarter.Currency).OrderBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            string code = sectors.Key.Code;
            charts.Add(Horizontal(
                $"chart-sectors-{code}",
                $"Disbursed by DAC sector, net of reversals ({code})",
                [.. sectors.Select(s => (s.Sector, s.InQuarter.NetDisbursed))],
                code,
                "sectors"));
        }

        foreach (IGrouping<Currency, ProgramReport> programs in report.Programs.GroupBy(p => p.Currency).OrderBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            string code = programs.Key.Code;
            charts.Add(Horizontal(
                $"chart-programs-{code}",
                $"Disbursed by program, net of reversals ({code})",
                [.. programs.Select(p => (p.Program, p.InQuarter.NetDisbursed))],
                code,
                "programs"));
        }

        List<TrancheReport> tranches = [.. report.Budgets.SelectMany(b => b.Tranches)];
        if (tranches.Count > 0)
        {
            charts.Add(TrancheStatuses(tranches));
        }

        return charts;
    }

    private static ReportChart Vertical(string id, string caption, IReadOnlyList<(string Label, Money Amount)> bars, string currency, string section)
    {
        Plot plot = NewPlot(caption);
        plot.Add.Bars(bars.Select((bar, i) => new Bar
        {
            Position = i,
            Value = Major(bar.Amount),
            FillColor = MoneyColor,
            LineWidth = 0,
            Label = Amount(bar.Amount),
        }).ToList());
        plot.Axes.Bottom.SetTicks([.. bars.Select((_, i) => (double)i)], [.. bars.Select(b => Short(b.Label))]);
        plot.Axes.Left.TickGenerator = AmountTicks();
        plot.Axes.Left.Label.Text = currency;
        plot.Axes.Margins(bottom: 0, top: 0.2);
        return Export(plot, id, caption, VerticalHeight, section);
    }

    private static ReportChart Horizontal(string id, string caption, IReadOnlyList<(string Label, Money Amount)> bars, string currency, string section)
    {
        Plot plot = NewPlot(caption);
        ScottPlot.Plottables.BarPlot barPlot = plot.Add.Bars(bars.Select((bar, i) => new Bar
        {
            // The first item on top, as in the table.
            Position = bars.Count - 1 - i,
            Value = Major(bar.Amount),
            FillColor = MoneyColor,
            LineWidth = 0,
            Label = Amount(bar.Amount),
        }).ToList());
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks([.. bars.Select((_, i) => (double)(bars.Count - 1 - i))], [.. bars.Select(b => Short(b.Label))]);
        plot.Axes.Bottom.TickGenerator = AmountTicks();
        plot.Axes.Bottom.Label.Text = currency;
        plot.Axes.Margins(left: 0, right: 0.3);
        return Export(plot, id, caption, 110 + (40 * bars.Count), section);
    }

    private static ReportChart TrancheStatuses(IReadOnlyList<TrancheReport> tranches)
    {
        const string caption = "Tranches by status at the end of the quarter";
        (string Label, TrancheStatus Status, Color Color)[] statuses =
        [
            ("awaiting benchmarks", TrancheStatus.AwaitingBenchmarks, AwaitingColor),
            ("ready", TrancheStatus.Ready, ReadyColor),
            ("released", TrancheStatus.Released, ReleasedColor),
        ];
        Plot plot = NewPlot(caption);
        plot.Add.Bars(statuses.Select((status, i) =>
        {
            int count = tranches.Count(t => t.Status == status.Status);
            return new Bar
            {
                Position = i,
                Value = count,
                FillColor = status.Color,
                LineWidth = 0,
                Label = count.ToString(CultureInfo.InvariantCulture),
            };
        }).ToList());
        plot.Axes.Bottom.SetTicks([.. statuses.Select((_, i) => (double)i)], [.. statuses.Select(s => s.Label)]);
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = value => value.ToString("0", CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.Label.Text = "tranches";
        plot.Axes.Margins(bottom: 0, top: 0.2);
        return Export(plot, "chart-tranches", caption, VerticalHeight, "tranches");
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 15);
        return plot;
    }

    private static ReportChart Export(Plot plot, string id, string caption, int height, string section) =>
        new(id, caption, InlineSvg.Embed(plot.GetSvgXml(Width, height), id, caption), section);

    private static NumericAutomatic AmountTicks() => new()
    {
        LabelFormatter = value => value.ToString("#,0.##", CultureInfo.InvariantCulture),
    };

    private static double Major(Money amount) =>
        amount.MinorUnits / Math.Pow(10, amount.Currency.MinorUnitExponent);

    private static string Amount(Money amount) => HtmlNumbers.Amount(amount);

    private static string Short(string label) =>
        label.Length <= MaxLabelLength ? label : string.Concat(label.AsSpan(0, MaxLabelLength - 1), "…");
}
