using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OversightLedger.Domain.Beneficiaries;

/// <summary>
/// A reference an agency or donor gives for something outside the ledger (a beneficiary, a bank transfer), in the one form
/// the ledger keys it by: trimmed, Unicode NFC, 1 to <see cref="MaxLength"/> characters, no control characters.
/// </summary>
/// <remarks>
/// Normalising first makes <c>" R-1"</c> and <c>"R-1"</c>, or a precomposed and a decomposed "é", one reference (one
/// pseudonym, one transfer) instead of two; refusing control characters and long values keeps a caller from minting
/// any number of distinct keys for one thing.
/// </remarks>
public static class AgencyReference
{
    /// <summary>The most UTF-16 code units a reference may have once normalised.</summary>
    public const int MaxLength = 128;

    /// <summary>C0 and C1 controls (<see cref="char.IsControl(char)"/>) and the Unicode line and paragraph separators.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)) + "\u2028\u2029");

    /// <summary>The normalised reference.</summary>
    /// <exception cref="ArgumentException">
    /// The reference is empty or white space only, longer than <see cref="MaxLength"/> once normalised, or holds a control
    /// character or a lone surrogate; the parameter name is <paramref name="field"/>.
    /// </exception>
    public static string Normalize(string? reference, string field)
    {
        ArgumentNullException.ThrowIfNull(reference, field);
        return TryNormalize(reference, out string? normalized, out string? error)
            ? normalized
            : throw new ArgumentException($"'{field}' {error}", field);
    }

    /// <summary>Like <see cref="Normalize"/>; on failure <paramref name="error"/> says what is wrong, e.g. "must not be empty".</summary>
    public static bool TryNormalize(string? reference, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        string trimmed = (reference ?? string.Empty).Trim();
        error = trimmed.Length == 0 ? "must not be empty"
            // Checked before normalising as well, so a huge value costs nothing more; NFC changes a length by little.
            : trimmed.Length > MaxLength * 4 ? $"must have at most {MaxLength} characters"
            : trimmed.AsSpan().IndexOfAny(ControlCharacters) >= 0 ? "must not hold control characters (such as tab or line breaks)"
            : !Entries.FieldFormat.IsWellFormed(trimmed) ? "is not valid Unicode (it holds a lone surrogate)"
            : null;
        if (error is not null)
        {
            return false;
        }

        normalized = trimmed.Normalize(NormalizationForm.FormC);
        if (normalized.Length > MaxLength)
        {
            normalized = null;
            error = $"must have at most {MaxLength} characters";
            return false;
        }

        return true;
    }
}
