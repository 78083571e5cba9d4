namespace OversightLedger.Sanctions;

/// <summary>An entry a query matched, with its score in [0,1] and why.</summary>
/// <param name="Entry">The list entry.</param>
/// <param name="Score">Name score adjusted by the supporting features, in [0,1].</param>
/// <param name="Explanation">Which name or alias matched, which tokens, which features agreed or disagreed.</param>
public sealed record ScreeningMatch(SanctionsEntry Entry, double Score, MatchExplanation Explanation);
