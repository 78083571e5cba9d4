using OversightLedger.Domain.Money;

namespace OversightLedger.Grains.Ledger;

/// <summary>Lets Orleans serialize <see cref="DecimalAmount"/> through <see cref="DecimalAmountSurrogate"/>.</summary>
[RegisterConverter]
public sealed class DecimalAmountSurrogateConverter : IConverter<DecimalAmount, DecimalAmountSurrogate>
{
    /// <inheritdoc/>
    public DecimalAmount ConvertFromSurrogate(in DecimalAmountSurrogate surrogate) => new(surrogate.Units, surrogate.Decimals);

    /// <inheritdoc/>
    public DecimalAmountSurrogate ConvertToSurrogate(in DecimalAmount value) => new(value.Units, value.Decimals);
}
