namespace OversightLedger.Reporting.Figures;

/// <summary>A figure on which a report and the recomputation from the log disagree.</summary>
/// <param name="Path">The figure's <see cref="ReportFigure.Path"/>.</param>
/// <param name="Reported">The value in the report, or null when the report lacks the figure.</param>
/// <param name="Recomputed">The value recomputed from the log, or null when the log gives no such figure.</param>
public sealed record FigureMismatch(string Path, string? Reported, string? Recomputed)
{
    /// <summary>One line: the path, what the report says and what the log gives.</summary>
    public override string ToString() => (Reported, Recomputed) switch
    {
        (null, _) => $"{Path}: missing from the report; the log gives '{Recomputed}'",
        (_, null) => $"{Path}: the report says '{Reported}', but the log gives no such figure",
        _ => $"{Path}: the report says '{Reported}', the log gives '{Recomputed}'",
    };
}
