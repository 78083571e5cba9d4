using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Budgets;

/// <summary>
/// DESIGN §5.9 in one place: the status a defined benchmark's counted verifications give (see <see cref="Benchmark"/>).
/// The budget and the quarterly report both ask it, so the live view, replay and the report agree.
/// </summary>
public static class BenchmarkRule
{
    /// <summary>
    /// The status of <paramref name="definition"/> given each verifier's latest value and group: contested when one meets
    /// the target and another does not; else pending until the rule's count of verifications and groups is reached; then
    /// met when every value meets the target, not met when none does.
    /// </summary>
    public static BenchmarkStatus StatusOf(BenchmarkDefined definition, IEnumerable<(decimal Value, string? Group)> counted)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(counted);
        int meeting = 0, missing = 0;
        HashSet<string?> groups = [];
        foreach ((decimal value, string? group) in counted)
        {
            if (definition.Direction.Meets(value, definition.Target))
            {
                meeting++;
            }
            else
            {
                missing++;
            }

            groups.Add(group);
        }

        if (meeting > 0 && missing > 0)
        {
            return BenchmarkStatus.Contested;
        }

        if (meeting + missing < definition.RequiredVerifications || groups.Count < definition.RequiredGroups)
        {
            return BenchmarkStatus.Pending;
        }

        return missing == 0 ? BenchmarkStatus.Met : BenchmarkStatus.NotMet;
    }
}
