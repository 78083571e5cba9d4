using OversightLedger.Domain.Entries;
using OversightLedger.Sanctions;

namespace OversightLedger.Grains.Sanctions;

/// <summary>
/// A name screened against the lists in force: the versions, the best score (four decimals, truncated), whether it is a
/// hit, and the best matches with their ids as the log names them (<c>&lt;source&gt;:&lt;list id&gt;</c>).
/// </summary>
public sealed record ScreeningResult(NameSet Lists, decimal BestScore, bool Hit, IReadOnlyList<ScreeningMatch> Matches, IReadOnlyList<string> MatchIds);
