using System.Globalization;
using OversightLedger.Domain.Counterparties;

namespace OversightLedger.Server.Api;

/// <summary>The checks on what is screened: a name, a country, a date of birth, a registration number.</summary>
internal static class ScreeningInput
{
    /// <summary>The most characters of a country or a registration number.</summary>
    public const int MaxFeatureLength = 64;

    /// <summary>The name normalised, or the field and what is wrong with it.</summary>
    public static (string? Field, string? Error) Check(string? name, string? country, string? dateOfBirth, string? registrationNumber, TimeProvider time, out DateOnly? birth)
    {
        birth = null;
        if (!CounterpartyName.TryNormalize(name, out _, out string? error))
        {
            return ("name", $"the name {error}.");
        }

        if (country is not null && !IsShortText(country))
        {
            return ("country", $"a country is 1 to {MaxFeatureLength} characters without control characters, e.g. Cuba.");
        }

        if (registrationNumber is not null && !IsShortText(registrationNumber))
        {
            return ("registrationNumber", $"a registration number is 1 to {MaxFeatureLength} characters without control characters.");
        }

        if (dateOfBirth is not null)
        {
            if (!DateOnly.TryParseExact(dateOfBirth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date)
                || date.Year < 1900 || date > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))
            {
                return ("dateOfBirth", "a date of birth is yyyy-MM-dd, from 1900 to today.");
            }

            birth = date;
        }

        return (null, null);
    }

    private static bool IsShortText(string value) =>
        value.Trim().Length is > 0 and <= MaxFeatureLength && !value.Any(char.IsControl) && !value.Any(char.IsSurrogate);
}
