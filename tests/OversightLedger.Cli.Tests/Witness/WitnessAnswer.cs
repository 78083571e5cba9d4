namespace OversightLedger.Cli.Tests.Witness;

/// <summary>A witness's HTTP answer to add-checkpoint.</summary>
internal sealed record WitnessAnswer(int Status, string? MediaType, string Body)
{
    public override string ToString() => $"{Status} {MediaType}: {Body}";
}
