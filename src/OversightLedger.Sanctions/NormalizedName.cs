namespace OversightLedger.Sanctions;

/// <summary>A name ready for comparison: tokens, their sound-alike keys and weights, the tokens run together.</summary>
internal sealed class NormalizedName
{
    // Particles and legal forms: they rarely tell two names apart, so they weigh little.
    private static readonly HashSet<string> LightTokens = new(StringComparer.Ordinal)
    {
        "AL", "EL", "BIN", "BEN", "IBN", "BINT", "ABU", "ABD", "UD", "DIN", "DE", "DA", "DI", "DO", "DOS", "DAS", "DEL", "LA", "LE",
        "VON", "VAN", "DER", "Y", "OF", "THE", "AND", "LTD", "LLC", "CO", "INC", "SA", "S", "A", "JSC", "OOO", "PJSC", "OAO", "ZAO",
        "GMBH", "LIMITED", "COMPANY", "CORP", "CORPORATION", "GROUP", "SL", "SRL", "SRO", "AG", "BV", "PLC", "FZE", "FZCO", "LLP",
    };

    public NormalizedName(string text)
    {
        Text = text;
        Tokens = NameNormalizer.Tokens(text);
        Skeletons = [.. Tokens.Select(NameNormalizer.Skeleton)];
        Weights = [.. Tokens.Select(Weight)];
        TotalWeight = Weights.Sum();
        Compact = string.Concat(Tokens);
    }

    private NormalizedName(NormalizedName source, double[] weights)
    {
        Text = source.Text;
        Tokens = source.Tokens;
        Skeletons = source.Skeletons;
        Weights = weights;
        TotalWeight = weights.Sum();
        Compact = source.Compact;
    }

    /// <summary>The same name with each token's weight multiplied by a factor (how rare the token is in the list).</summary>
    public NormalizedName Reweighted(Func<int, double> factor) =>
        new(this, [.. Weights.Select((weight, i) => weight * factor(i))]);

    public string Text { get; }

    public string[] Tokens { get; }

    public string[] Skeletons { get; }

    public double[] Weights { get; }

    public double TotalWeight { get; }

    public string Compact { get; }

    private static double Weight(string token) =>
        LightTokens.Contains(token) || token.Length == 1 ? 0.25 : token.Length == 2 ? 0.6 : 1.0;
}
