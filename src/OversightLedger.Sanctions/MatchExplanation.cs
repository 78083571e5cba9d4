namespace OversightLedger.Sanctions;

/// <summary>Why a name scored what it did: the list name that matched best, the token pairs, the features.</summary>
/// <param name="MatchedName">The entry's primary name or alias that matched best.</param>
/// <param name="MatchedAlias">True when <paramref name="MatchedName"/> is an alias.</param>
/// <param name="NameScore">The name score in [0,1] before the features.</param>
/// <param name="Tokens">Query tokens paired with name tokens (order-free: reordered names pair the same).</param>
/// <param name="UnmatchedQueryTokens">Query tokens paired with nothing.</param>
/// <param name="UnmatchedNameTokens">Name tokens paired with nothing.</param>
/// <param name="Features">Supporting features compared.</param>
public sealed record MatchExplanation(
    string MatchedName,
    bool MatchedAlias,
    double NameScore,
    IReadOnlyList<TokenMatch> Tokens,
    IReadOnlyList<string> UnmatchedQueryTokens,
    IReadOnlyList<string> UnmatchedNameTokens,
    IReadOnlyList<FeatureComparison> Features)
{
    /// <summary>One line for a person: "alias 'X': A≈B 0.95, C=C 1.00; unmatched …; country agrees (+0.03)".</summary>
    public string Describe()
    {
        var parts = new List<string>
        {
            $"{(MatchedAlias ? "alias" : "name")} '{MatchedName}' {NameScore:0.00}: "
                + string.Join(", ", Tokens.Select(t => $"{t.QueryToken}{(t.QueryToken == t.NameToken ? "=" : "≈")}{t.NameToken} {t.Similarity:0.00}")),
        };
        if (UnmatchedQueryTokens.Count > 0)
        {
            parts.Add("query tokens unmatched: " + string.Join(" ", UnmatchedQueryTokens));
        }

        if (UnmatchedNameTokens.Count > 0)
        {
            parts.Add("name tokens unmatched: " + string.Join(" ", UnmatchedNameTokens));
        }

        parts.AddRange(Features.Select(f => $"{f.Feature} {(f.Agreement == FeatureAgreement.Agrees ? "agrees" : "disagrees")} ({f.QueryValue} vs {f.ListValues}, {f.Adjustment:+0.00;-0.00})"));
        return string.Join("; ", parts);
    }
}
