using System.Text.RegularExpressions;
using OversightLedger.Cli.Execution;

namespace OversightLedger.Cli.Agency;

/// <summary>The ledger's rule for the ids a caller chooses (programs, budgets, tranches, disbursements), checked before anything is sent.</summary>
internal static partial class LedgerIdentifier
{
    public const string Rule = "1 to 64 characters: letters, digits, '.', '_', ':' and '-', starting with a letter or digit";

    /// <summary>Returns <paramref name="value"/> when it is a valid id.</summary>
    /// <exception cref="CommandFailedException">It is not (exit 2), naming <paramref name="option"/>.</exception>
    public static string Require(string option, string value) =>
        Pattern().IsMatch(value) ? value : throw CommandFailedException.BadInput($"{option} '{value}' is not a valid id ({Rule}).");

    /// <summary>Whether <paramref name="value"/> is a valid id.</summary>
    public static bool IsValid(string value) => Pattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
