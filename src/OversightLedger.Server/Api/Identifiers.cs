using System.Text.RegularExpressions;

namespace OversightLedger.Server.Api;

/// <summary>The shape of every id a caller chooses (budgets, programs, tranches, requests, principals).</summary>
internal static partial class Identifiers
{
    public const string Rule = "ids are 1 to 64 characters: letters, digits, '.', '_', ':' and '-', starting with a letter or digit.";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    // \z, not $: "$" also matches before a final line feed, which let "id\n" through.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
