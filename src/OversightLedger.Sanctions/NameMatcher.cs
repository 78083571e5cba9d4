using F23.StringSimilarity;

namespace OversightLedger.Sanctions;

/// <summary>
/// Compares two names token by token, order-free: each query token is paired with at most one name token (best
/// Jaro-Winkler first, raised to <see cref="SoundAlikeSimilarity"/> when the tokens sound alike); the score weighs how
/// much of the query is covered (mostly) and how much of the name (a little: a registered name may leave out a middle
/// name or patronymic the list has). Names run together (ALQAEDA, BASHIRUDDIN) are compared whole as well.
/// </summary>
public static class NameMatcher
{
    /// <summary>The similarity given to two different tokens with the same sound-alike key.</summary>
    public const double SoundAlikeSimilarity = 0.93;

    /// <summary>Below this a token pair is no match at all.</summary>
    public const double MinimumTokenSimilarity = 0.80;

    private const double QueryCoverageExponent = 0.7;
    private const double NameCoverageExponent = 0.3;
    private const double CompactMinimum = 0.94;

    private static readonly JaroWinkler Jaro = new();

    /// <summary>Compares a query name with a list name (no supporting features).</summary>
    public static MatchExplanation Compare(string queryName, string listName)
    {
        var query = new NormalizedName(queryName);
        var name = new NormalizedName(listName);
        return Explain(query, name, false, (i, j) => TokenSimilarity(query.Tokens[i], name.Tokens[j], query.Skeletons[i], name.Skeletons[j]));
    }

    /// <summary>The similarity of two normalised tokens, given their sound-alike keys.</summary>
    internal static double TokenSimilarity(string a, string b, string skeletonA, string skeletonB)
    {
        if (a == b)
        {
            return 1.0;
        }

        double similarity = Jaro.Similarity(a, b);
        return skeletonA == skeletonB && skeletonA.Length >= 2 ? Math.Max(similarity, SoundAlikeSimilarity) : similarity;
    }

    /// <summary>
    /// The most a name can score when its tokens cover at most <paramref name="coveredShare"/> of the query's weight
    /// (the name's own coverage is at most 1; a run-together match scores at most 0.97).
    /// </summary>
    internal static double UpperBound(double coveredShare) =>
        coveredShare >= 1 ? 1 : Math.Pow(Math.Max(0, coveredShare), QueryCoverageExponent);

    /// <summary>The name score alone (what the index ranks by before explaining the best).</summary>
    internal static double Score(NormalizedName query, NormalizedName name, Func<int, int, double> similarity) =>
        Assign(query, name, similarity, null);

    /// <summary>The score with the token pairs behind it.</summary>
    internal static MatchExplanation Explain(NormalizedName query, NormalizedName name, bool isAlias, Func<int, int, double> similarity)
    {
        var pairs = new List<(int Query, int Name, double Similarity)>();
        double score = Assign(query, name, similarity, pairs);
        var tokens = pairs
            .OrderBy(p => p.Query)
            .Select(p => new TokenMatch(query.Tokens[p.Query], name.Tokens[p.Name], p.Similarity, query.Skeletons[p.Query] == name.Skeletons[p.Name]))
            .ToList();
        string[] unmatchedQuery = [.. query.Tokens.Where((_, i) => !pairs.Any(p => p.Query == i))];
        string[] unmatchedName = [.. name.Tokens.Where((_, j) => !pairs.Any(p => p.Name == j))];
        return new MatchExplanation(name.Text, isAlias, score, tokens, unmatchedQuery, unmatchedName, []);
    }

    private static double Assign(NormalizedName query, NormalizedName name, Func<int, int, double> similarity, List<(int, int, double)>? chosen)
    {
        int queryCount = query.Tokens.Length;
        int nameCount = name.Tokens.Length;
        if (queryCount == 0 || nameCount == 0)
        {
            return 0;
        }

        Span<(double Similarity, int Query, int Name)> candidates = queryCount * nameCount <= 256
            ? stackalloc (double, int, int)[queryCount * nameCount]
            : new (double, int, int)[queryCount * nameCount];
        int count = 0;
        for (int i = 0; i < queryCount; i++)
        {
            for (int j = 0; j < nameCount; j++)
            {
                double s = similarity(i, j);
                if (s >= MinimumTokenSimilarity)
                {
                    candidates[count++] = (s, i, j);
                }
            }
        }

        candidates = candidates[..count];
        candidates.Sort((x, y) => y.Similarity.CompareTo(x.Similarity));
        ulong usedQuery = 0;
        ulong usedName = 0;
        double queryCovered = 0;
        double nameCovered = 0;
        foreach ((double s, int i, int j) in candidates)
        {
            ulong qi = 1UL << (i & 63);
            ulong nj = 1UL << (j & 63);
            if ((usedQuery & qi) != 0 || (usedName & nj) != 0)
            {
                continue;
            }

            usedQuery |= qi;
            usedName |= nj;
            double credit = Credit(s);
            queryCovered += query.Weights[i] * credit;
            nameCovered += name.Weights[j] * credit;
            chosen?.Add((i, j, s));
        }

        double tokenScore = queryCovered <= 0
            ? 0
            : Math.Pow(queryCovered / query.TotalWeight, QueryCoverageExponent) * Math.Pow(nameCovered / name.TotalWeight, NameCoverageExponent);
        if ((queryCount > 1 || nameCount > 1) && query.Compact.Length >= 6 && Math.Abs(query.Compact.Length - name.Compact.Length) <= 3)
        {
            double compact = query.Compact == name.Compact ? 1.0 : Jaro.Similarity(query.Compact, name.Compact);
            if (compact >= CompactMinimum)
            {
                tokenScore = Math.Max(tokenScore, compact * 0.97);
            }
        }

        return Math.Clamp(tokenScore, 0, 1);
    }

    // Jaro-Winkler is generous below ~0.95 (different names sharing letters): give those pairs less credit.
    private static double Credit(double similarity) =>
        similarity >= 0.95 ? similarity : Math.Max(0, similarity - ((0.95 - similarity) * 1.5));
}
