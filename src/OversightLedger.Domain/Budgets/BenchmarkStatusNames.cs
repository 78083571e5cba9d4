namespace OversightLedger.Domain.Budgets;

/// <summary>The names of <see cref="BenchmarkStatus"/> as the API and reports write them.</summary>
public static class BenchmarkStatusNames
{
    /// <summary><c>pending</c>, <c>met</c>, <c>not-met</c> or <c>contested</c>.</summary>
    public static string NameOf(BenchmarkStatus status) => status switch
    {
        BenchmarkStatus.Pending => "pending",
        BenchmarkStatus.Met => "met",
        BenchmarkStatus.NotMet => "not-met",
        BenchmarkStatus.Contested => "contested",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a status"),
    };
}
