namespace OversightLedger.Sanctions;

/// <summary>A query token paired with a token of the matched name.</summary>
/// <param name="QueryToken">The normalised query token.</param>
/// <param name="NameToken">The normalised list-name token it was paired with.</param>
/// <param name="Similarity">Their similarity in [0,1] (Jaro-Winkler, raised when they sound alike).</param>
/// <param name="SoundsAlike">True when their <see cref="NameNormalizer.Skeleton"/> keys are equal.</param>
public sealed record TokenMatch(string QueryToken, string NameToken, double Similarity, bool SoundsAlike);
