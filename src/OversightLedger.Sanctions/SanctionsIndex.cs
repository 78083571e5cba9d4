namespace OversightLedger.Sanctions;

/// <summary>
/// Screens names against loaded lists. Every primary name and alias is normalised once; the distinct tokens are
/// indexed by their exact text, their sound-alike key and that key with any one letter removed (so a dropped, doubled,
/// swapped or substituted letter still finds them), and whole names by their run-together key. A query scores only
/// the names that share enough of its tokens' keys: a few hundred of ~35,000 on the full SDN list, not all.
/// </summary>
public sealed class SanctionsIndex
{
    /// <summary>The default hit threshold: a score at or above it is a hit.</summary>
    public const double DefaultThreshold = 0.86;

    private const int MinimumSkeletonForDeletions = 4;
    private const int MinimumTokenForDeletions = 4;
    private const int FullWeightNames = 30;
    private const double MinimumRarity = 0.2;

    private readonly SanctionsEntry[] _entries;
    private readonly IndexedName[] _names;
    private readonly string[] _vocabulary;
    private readonly string[] _vocabularySkeletons;
    private readonly int[][] _namesByToken;
    private readonly Dictionary<string, int[]> _tokensByKey;
    private readonly Dictionary<string, int[]> _namesByCompactKey;
    private readonly double[] _rarity;

    private SanctionsIndex(IReadOnlyList<SanctionsEntry> entries)
    {
        _entries = [.. entries];
        var names = new List<IndexedName>();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var namesByToken = new List<List<int>>();
        var tokensByKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var namesByCompact = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int e = 0; e < _entries.Length; e++)
        {
            SanctionsEntry entry = _entries[e];
            foreach ((string text, bool alias) in entry.Aliases.Select(a => (a, true)).Prepend((entry.Name, false)))
            {
                var normalized = new NormalizedName(text);
                if (normalized.Tokens.Length == 0)
                {
                    continue;
                }

                int nameId = names.Count;
                int[] tokenIds = new int[normalized.Tokens.Length];
                for (int t = 0; t < tokenIds.Length; t++)
                {
                    string token = normalized.Tokens[t];
                    if (!vocabulary.TryGetValue(token, out int tokenId))
                    {
                        tokenId = vocabulary.Count;
                        vocabulary.Add(token, tokenId);
                        namesByToken.Add([]);
                        foreach (string key in IndexKeys(token, normalized.Skeletons[t]))
                        {
                            Add(tokensByKey, key, tokenId);
                        }
                    }

                    tokenIds[t] = tokenId;
                    List<int> postings = namesByToken[tokenId];
                    if (postings.Count == 0 || postings[^1] != nameId)
                    {
                        postings.Add(nameId);
                    }
                }

                Add(namesByCompact, NameNormalizer.Skeleton(normalized.Compact), nameId);
                names.Add(new IndexedName(e, alias, normalized, tokenIds));
            }
        }

        // A token most names share (MOHAMMED, COMPANY) tells less than a rare one: weigh it down, to a fifth at most.
        _rarity = [.. namesByToken.Select(postings => Rarity(postings.Count, names.Count))];
        _names = [.. names.Select(n => n with { Name = n.Name.Reweighted(t => _rarity[n.TokenIds[t]]) })];
        _vocabulary = new string[vocabulary.Count];
        foreach ((string token, int id) in vocabulary)
        {
            _vocabulary[id] = token;
        }

        _vocabularySkeletons = [.. _vocabulary.Select(NameNormalizer.Skeleton)];
        _namesByToken = [.. namesByToken.Select(list => list.ToArray())];
        _tokensByKey = tokensByKey.ToDictionary(pair => pair.Key, pair => pair.Value.Distinct().ToArray(), StringComparer.Ordinal);
        _namesByCompactKey = namesByCompact.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>How many entries are indexed.</summary>
    public int EntryCount => _entries.Length;

    /// <summary>How many names (primary names and aliases) are indexed.</summary>
    public int NameCount => _names.Length;

    /// <summary>Indexes every entry of the lists.</summary>
    public static SanctionsIndex Build(params IEnumerable<SanctionsList> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return new SanctionsIndex([.. lists.SelectMany(list => list.Entries)]);
    }

    /// <summary>
    /// The entries whose best name scores at least <paramref name="threshold"/> (features included), best first,
    /// at most <paramref name="maxResults"/>; only entries <paramref name="only"/> admits when it is given (scored as
    /// in the whole index: what a name weighs depends on every list indexed).
    /// </summary>
    public IReadOnlyList<ScreeningMatch> Screen(ScreeningQuery query, double threshold = DefaultThreshold, int maxResults = 10, Predicate<SanctionsEntry>? only = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var normalized = new NormalizedName(query.Name);
        if (normalized.Tokens.Length == 0)
        {
            return [];
        }

        // Per query token: the vocabulary tokens its keys reach, with their similarity (computed once each).
        int queryCount = normalized.Tokens.Length;
        var similarities = new Dictionary<int, double>[queryCount];
        var close = new List<int>[queryCount];
        double[] rarity = new double[queryCount];
        for (int q = 0; q < queryCount; q++)
        {
            similarities[q] = [];
            close[q] = [];
            var reached = new HashSet<int>();
            foreach (string key in QueryKeys(normalized.Tokens[q], normalized.Skeletons[q]))
            {
                if (_tokensByKey.TryGetValue(key, out int[]? tokenIds))
                {
                    reached.UnionWith(tokenIds);
                }
            }

            double bestSimilarity = 0;
            rarity[q] = 1.0;
            foreach (int tokenId in reached)
            {
                double s = NameMatcher.TokenSimilarity(normalized.Tokens[q], _vocabulary[tokenId], normalized.Skeletons[q], _vocabularySkeletons[tokenId]);
                similarities[q][tokenId] = s;
                if (s >= NameMatcher.MinimumTokenSimilarity)
                {
                    close[q].Add(tokenId);
                    if (s > bestSimilarity)
                    {
                        // A query token weighs what the list token it most resembles weighs.
                        bestSimilarity = s;
                        rarity[q] = _rarity[tokenId];
                    }
                }
            }
        }

        normalized = normalized.Reweighted(q => rarity[q]);
        var hitWeights = new Dictionary<int, double>();
        var namesHit = new HashSet<int>();
        for (int q = 0; q < queryCount; q++)
        {
            namesHit.Clear();
            foreach (int tokenId in close[q])
            {
                namesHit.UnionWith(_namesByToken[tokenId]);
            }

            foreach (int nameId in namesHit)
            {
                hitWeights[nameId] = hitWeights.GetValueOrDefault(nameId) + normalized.Weights[q];
            }
        }

        if (_namesByCompactKey.TryGetValue(NameNormalizer.Skeleton(normalized.Compact), out int[]? compactNames))
        {
            foreach (int nameId in compactNames)
            {
                hitWeights[nameId] = normalized.TotalWeight;
            }
        }

        // The name score is at most (covered share of the query)^0.7 (see NameMatcher) and the features add at most
        // what the query states: a name sharing too little of the query cannot reach the threshold, so it is not scored.
        double raise = FeatureScoring.MaximumRaiseFor(query);
        var best = new Dictionary<int, (double Score, int NameId)>();
        foreach ((int nameId, double weight) in hitWeights)
        {
            if (NameMatcher.UpperBound(weight / normalized.TotalWeight) + raise < threshold)
            {
                continue;
            }

            IndexedName name = _names[nameId];
            if (only is not null && !only(_entries[name.EntryIndex]))
            {
                continue;
            }

            double score = NameMatcher.Score(normalized, name.Name, (q, t) => Similarity(similarities[q], normalized, q, name.TokenIds[t]));
            if (!best.TryGetValue(name.EntryIndex, out var current) || score > current.Score)
            {
                best[name.EntryIndex] = (score, nameId);
            }
        }

        var matches = new List<ScreeningMatch>();
        foreach ((int entryIndex, (double nameScore, int nameId)) in best)
        {
            if (nameScore + raise < threshold)
            {
                continue;
            }

            SanctionsEntry entry = _entries[entryIndex];
            List<FeatureComparison> features = FeatureScoring.Compare(query, entry);
            double score = Math.Clamp(nameScore + features.Sum(f => f.Adjustment), 0, 1);
            if (score < threshold)
            {
                continue;
            }

            IndexedName name = _names[nameId];
            MatchExplanation explanation = NameMatcher.Explain(normalized, name.Name, name.IsAlias, (q, t) => Similarity(similarities[q], normalized, q, name.TokenIds[t]));
            matches.Add(new ScreeningMatch(entry, score, explanation with { Features = features }));
        }

        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Entry.Id, StringComparer.Ordinal).Take(maxResults)];
    }

    private static double Rarity(int nameCount, int totalNames) =>
        Math.Clamp(Math.Log((double)totalNames / Math.Max(1, nameCount)) / Math.Log(totalNames / (double)FullWeightNames), MinimumRarity, 1.0);

    private double Similarity(Dictionary<int, double> known, NormalizedName query, int q, int tokenId)
    {
        if (!known.TryGetValue(tokenId, out double s))
        {
            s = NameMatcher.TokenSimilarity(query.Tokens[q], _vocabulary[tokenId], query.Skeletons[q], _vocabularySkeletons[tokenId]);
            known[tokenId] = s;
        }

        return s;
    }

    private static IEnumerable<string> IndexKeys(string token, string skeleton)
    {
        yield return "T:" + token;
        yield return "S:" + skeleton;
        if (token.Length >= MinimumTokenForDeletions)
        {
            foreach (string deletion in Deletions(token))
            {
                yield return "R:" + deletion;
            }
        }

        if (skeleton.Length >= MinimumSkeletonForDeletions)
        {
            foreach (string deletion in Deletions(skeleton))
            {
                yield return "D:" + deletion;
            }
        }
    }

    private static IEnumerable<string> QueryKeys(string token, string skeleton)
    {
        yield return "T:" + token;
        yield return "S:" + skeleton;

        // Spelling: the list's token with one letter less, one more, or one different (a dropped, doubled, wrong letter).
        if (token.Length >= MinimumTokenForDeletions - 1)
        {
            yield return "R:" + token;
        }

        if (token.Length >= MinimumTokenForDeletions)
        {
            foreach (string deletion in Deletions(token))
            {
                yield return "T:" + deletion;
                yield return "R:" + deletion;
            }
        }

        if (skeleton.Length >= MinimumSkeletonForDeletions - 1)
        {
            // The list's key one letter shorter than the query's, or the same length with one letter different.
            yield return "D:" + skeleton;
        }

        if (skeleton.Length >= MinimumSkeletonForDeletions)
        {
            foreach (string deletion in Deletions(skeleton))
            {
                yield return "S:" + deletion;
                yield return "D:" + deletion;
            }
        }
    }

    private static IEnumerable<string> Deletions(string skeleton)
    {
        for (int i = 0; i < skeleton.Length; i++)
        {
            yield return string.Concat(skeleton.AsSpan(0, i), skeleton.AsSpan(i + 1));
        }
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int value)
    {
        if (!map.TryGetValue(key, out List<int>? list))
        {
            list = [];
            map.Add(key, list);
        }

        list.Add(value);
    }

    private sealed record IndexedName(int EntryIndex, bool IsAlias, NormalizedName Name, int[] TokenIds);
}
