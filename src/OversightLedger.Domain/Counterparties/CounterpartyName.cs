using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OversightLedger.Domain.Counterparties;

/// <summary>
/// A counterparty's name in the one form its pseudonym is keyed by: trimmed, Unicode NFC, runs of white space made one
/// space, upper case (invariant), 1 to <see cref="MaxLength"/> characters, no control characters. So "Acme  Ltd" and
/// "ACME LTD" are one counterparty name, and one pseudonym.
/// </summary>
public static class CounterpartyName
{
    /// <summary>The most UTF-16 code units a name may have once normalised.</summary>
    public const int MaxLength = 256;

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not '\t').Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)) + "\u2028\u2029");

    /// <summary>Like <see cref="TryNormalize"/>, throwing.</summary>
    /// <exception cref="ArgumentException">The name is not acceptable; the parameter name is <paramref name="field"/>.</exception>
    public static string Normalize(string? name, string field) =>
        TryNormalize(name, out string? normalized, out string? error) ? normalized : throw new ArgumentException($"'{field}' {error}", field);

    /// <summary>The normalised name; on failure <paramref name="error"/> says what is wrong, e.g. "must not be empty".</summary>
    public static bool TryNormalize(string? name, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        string trimmed = (name ?? string.Empty).Trim();
        error = trimmed.Length == 0 ? "must not be empty"
            : trimmed.Length > MaxLength * 4 ? $"must have at most {MaxLength} characters"
            : trimmed.AsSpan().IndexOfAny(ControlCharacters) >= 0 ? "must not hold control characters (such as line breaks)"
            : !Entries.FieldFormat.IsWellFormed(trimmed) ? "is not valid Unicode (it holds a lone surrogate)"
            : null;
        if (error is not null)
        {
            return false;
        }

        string collapsed = string.Join(' ', trimmed.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (collapsed.Length > MaxLength)
        {
            error = $"must have at most {MaxLength} characters";
            return false;
        }

        normalized = collapsed.ToUpperInvariant();
        return true;
    }
}
