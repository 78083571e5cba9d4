using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// The licences section (issue 16): written only when the report lists licences, so a report of a log without licences
/// keeps its bytes.
/// </summary>
internal sealed partial class ReportPage
{
    /// <summary>The navigation link to the section, right after the exemptions' link, when there is one.</summary>
    private void LicencesLink(string previousSection)
    {
        if (previousSection == "exemptions" && report.Licences is not null)
        {
            _html.Append("<li><a href=\"#licences\">Licences</a></li>");
        }
    }

    private void Licences()
    {
        if (report.Licences is not { } licences)
        {
            return;
        }

        Heading("licences", "General licences");
        _html.Append("<p>A payment into a sanctioned jurisdiction must fall inside a general licence in force attached to its budget. ")
            .Append("Each such payment of the quarter is counted under the first licence, by id, that covered it.</p>\n");
        var table = new HtmlTable("licences-table", "General licences recorded by the end of the quarter, and what was paid under each")
            .Column("Licence").Column("Authority").Column("Reference").Column("Countries").Column("Issued").Column("Expires")
            .NumberColumn("Amendments").Column("Budgets").NumberColumn("Payments").NumberColumn("Paid in the quarter");
        foreach (LicenceReport licence in licences)
        {
            table.Row(
                HtmlCell.Code(licence.Licence),
                HtmlCell.Text(licence.Authority),
                HtmlCell.Text(licence.Reference),
                HtmlCell.Markup(CodeList(licence.Countries)),
                HtmlCell.Text(ReportText.Time(licence.Issued)),
                HtmlCell.Text(ReportText.Time(licence.Expires)),
                HtmlCell.Number(HtmlNumbers.Count(licence.Amendments)),
                HtmlCell.Markup(CodeList(licence.Budgets)),
                HtmlCell.Number(HtmlNumbers.Count(licence.Paid.Sum(p => p.Payments))),
                HtmlCell.Markup(licence.Paid.Count == 0 ? "—" : string.Join("<br>", licence.Paid.Select(p => Escape(HtmlNumbers.Money(p.Amount))))));
        }

        table.WriteTo(_html, "No general licence was recorded by the end of the quarter.");
        EndSection();
    }
}
