namespace OversightLedger.Sanctions;

/// <summary>
/// Adjusts a name score by the supporting features both sides state: a date of birth that fits raises it, one that
/// fits none of the entry's lowers it much (the commonest way to clear a namesake); a country likewise, less; an equal
/// identifier raises it most. A feature only one side states changes nothing.
/// </summary>
internal static class FeatureScoring
{
    public const double DateOfBirthAgrees = 0.05;
    public const double DateOfBirthDisagrees = -0.15;
    public const double CountryAgrees = 0.03;
    public const double CountryDisagrees = -0.05;
    public const double IdentifierAgrees = 0.15;

    /// <summary>The most the features the query states can add.</summary>
    public static double MaximumRaiseFor(ScreeningQuery query) =>
        (query.DateOfBirth is null ? 0 : DateOfBirthAgrees)
        + (string.IsNullOrWhiteSpace(query.Country) ? 0 : CountryAgrees)
        + (string.IsNullOrWhiteSpace(query.Identifier) ? 0 : IdentifierAgrees);

    public static List<FeatureComparison> Compare(ScreeningQuery query, SanctionsEntry entry)
    {
        var features = new List<FeatureComparison>();
        if (query.DateOfBirth is { } dob && entry.DatesOfBirth.Count > 0)
        {
            string listed = string.Join("; ", entry.DatesOfBirth);
            bool agrees = entry.DatesOfBirth.Any(d => d.Admits(dob));
            bool near = entry.DatesOfBirth.Any(d => Math.Abs(d.Year - dob.Year) <= 1);
            if (agrees)
            {
                features.Add(new FeatureComparison("date-of-birth", FeatureAgreement.Agrees, dob.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), listed, DateOfBirthAgrees));
            }
            else if (!near)
            {
                features.Add(new FeatureComparison("date-of-birth", FeatureAgreement.Disagrees, dob.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), listed, DateOfBirthDisagrees));
            }
        }

        if (!string.IsNullOrWhiteSpace(query.Country) && entry.Countries.Count > 0)
        {
            string wanted = Simplify(query.Country);
            bool agrees = entry.Countries.Any(c => Simplify(c) == wanted);
            features.Add(new FeatureComparison("country", agrees ? FeatureAgreement.Agrees : FeatureAgreement.Disagrees, query.Country, string.Join("; ", entry.Countries), agrees ? CountryAgrees : CountryDisagrees));
        }

        if (!string.IsNullOrWhiteSpace(query.Identifier) && entry.Identifiers.Count > 0)
        {
            string wanted = Simplify(query.Identifier);
            string? equal = entry.Identifiers.FirstOrDefault(id => Simplify(id) == wanted);
            if (equal is not null)
            {
                features.Add(new FeatureComparison("identifier", FeatureAgreement.Agrees, query.Identifier, equal, IdentifierAgrees));
            }
        }

        return features;
    }

    private static string Simplify(string value) => string.Concat(NameNormalizer.Tokens(value));
}
