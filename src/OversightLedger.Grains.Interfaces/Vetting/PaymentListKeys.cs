namespace OversightLedger.Grains.Vetting;

/// <summary>The key of a <see cref="IPaymentListGrain"/>: <c>&lt;program&gt;/&lt;list&gt;</c> (identifiers hold no <c>/</c>).</summary>
public static class PaymentListKeys
{
    /// <summary>The key of the list <paramref name="list"/> of <paramref name="program"/>.</summary>
    public static string Of(string program, string list) => program + "/" + list;

    /// <summary>The program and list of a key.</summary>
    public static (string Program, string List) Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not <program>/<list>", nameof(key));
    }
}
