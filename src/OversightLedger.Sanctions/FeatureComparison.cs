namespace OversightLedger.Sanctions;

/// <summary>One supporting feature compared (only when both the query and the entry state it).</summary>
/// <param name="Feature"><c>country</c>, <c>date-of-birth</c> or <c>identifier</c>.</param>
/// <param name="Agreement">Whether they agree.</param>
/// <param name="QueryValue">The query's value.</param>
/// <param name="ListValues">The entry's values, joined with "; ".</param>
/// <param name="Adjustment">What it added to (or took from) the name score.</param>
public sealed record FeatureComparison(string Feature, FeatureAgreement Agreement, string QueryValue, string ListValues, double Adjustment);
