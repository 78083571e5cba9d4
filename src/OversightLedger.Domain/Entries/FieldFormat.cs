using System.Buffers;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;

namespace OversightLedger.Domain.Entries;

/// <summary>
/// The syntax of entry fields, checked when an entry is built. Every check throws an <see cref="ArgumentException"/>
/// whose parameter name is the JSON field name, so the parser can say which field was wrong.
/// </summary>
/// <remarks>
/// The limits keep every entry far below the 65,535-byte bound of a tlog-tiles entry bundle.
/// </remarks>
internal static class FieldFormat
{
    /// <summary>The most UTF-16 code units an identifier (budget, program, tranche, key id…) may have.</summary>
    internal const int MaxIdentifierLength = 128;

    /// <summary>The most UTF-16 code units an entry id may have (see <see cref="EntryIds"/>): longer than an identifier, so a scoped id stays readable.</summary>
    internal const int MaxEntryIdLength = 200;

    /// <summary>The most UTF-16 code units a free text (reason, reference) may have.</summary>
    internal const int MaxTextLength = 1024;

    /// <summary>The most names a list field may hold.</summary>
    internal const int MaxNames = 64;

    private static readonly SearchValues<char> LowerCaseHexDigits = SearchValues.Create("0123456789abcdef");

    internal static T NotNull<T>(T? value, string field)
        where T : class =>
        value ?? throw new ArgumentNullException(field, $"'{field}' is required");

    /// <summary>1–128 code units, well-formed, no control character, no leading or trailing white space.</summary>
    internal static string Identifier(string? value, string field) => Identifier(value, field, MaxIdentifierLength);

    /// <summary>An entry id, or a field naming one: as <see cref="Identifier(string?, string)"/>, up to 200 code units.</summary>
    internal static string EntryId(string? value, string field) => Identifier(value, field, MaxEntryIdLength);

    private static string Identifier(string? value, string field, int maxLength)
    {
        NotNull(value, field);
        if (value!.Length is 0 || value.Length > maxLength)
        {
            throw new ArgumentException($"'{field}' must have 1 to {maxLength} characters", field);
        }

        if (ContainsControl(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            throw new ArgumentException($"'{field}' must not hold control characters or start or end with white space", field);
        }

        return WellFormed(value, field);
    }

    /// <summary>1–1024 code units, well-formed, not only white space.</summary>
    internal static string Text(string? value, string field)
    {
        NotNull(value, field);
        if (value!.Length > MaxTextLength || string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"'{field}' must be a non-blank text of at most {MaxTextLength} characters", field);
        }

        return WellFormed(value, field);
    }

    /// <summary>Each name an <see cref="Identifier"/>, at most 64 of them.</summary>
    internal static NameSet Identifiers(NameSet? names, string field)
    {
        NotNull(names, field);
        if (names!.Count > MaxNames)
        {
            throw new ArgumentException($"'{field}' may hold at most {MaxNames} names", field);
        }

        foreach (string name in names)
        {
            Identifier(name, field);
        }

        return names;
    }

    /// <summary>An OECD DAC CRS purpose (sector) code: exactly five ASCII digits.</summary>
    internal static string SectorCode(string? value, string field)
    {
        NotNull(value, field);
        return value!.Length == 5 && !value.AsSpan().ContainsAnyExceptInRange('0', '9')
            ? value
            : throw new ArgumentException($"'{field}' must be a DAC 5-digit purpose code such as 72010, not '{value}'", field);
    }

    /// <summary>Each name a <see cref="SectorCode"/>.</summary>
    internal static NameSet SectorCodes(NameSet? codes, string field)
    {
        foreach (string code in Identifiers(codes, field))
        {
            SectorCode(code, field);
        }

        return codes!;
    }

    /// <summary>An ISO 3166-1 alpha-2 code in the IATI Country codelist (two upper-case letters, not withdrawn).</summary>
    internal static string CountryCode(string? value, string field)
    {
        NotNull(value, field);
        return value!.Length == 2 && !value.AsSpan().ContainsAnyExceptInRange('A', 'Z') && CountryCodes.Contains(value)
            ? value
            : throw new ArgumentException($"'{field}' must be an ISO 3166-1 alpha-2 country code of the IATI Country codelist (such as SD), not '{value}'", field);
    }

    /// <summary>A SHA-256 digest as 64 lower-case hexadecimal digits.</summary>
    internal static string Sha256Hex(string? value, string field)
    {
        NotNull(value, field);
        return value!.Length == 64 && !value.AsSpan().ContainsAnyExcept(LowerCaseHexDigits)
            ? value
            : throw new ArgumentException($"'{field}' must be a SHA-256 digest in 64 lower-case hexadecimal digits", field);
    }

    /// <summary>A quarter: <c>yyyy-Qn</c>.</summary>
    internal static string Quarter(string? value, string field)
    {
        NotNull(value, field);
        // The same syntax as a quarterly payment period (so year 0000 is refused here too).
        return Programs.PaymentPeriod.IsPeriodOf(Programs.CapPeriod.Quarter, value!)
            ? value!
            : throw new ArgumentException($"'{field}' must be a quarter such as 2026-Q4, not '{value}'", field);
    }

    /// <summary>1 to <paramref name="max"/> leaf indices, ascending without repeats, each from 0 to 2^53 − 1; a read-only copy.</summary>
    internal static IReadOnlyList<long> LeafIndices(IReadOnlyList<long>? leaves, string field, int max)
    {
        NotNull(leaves, field);
        if (leaves!.Count == 0 || leaves.Count > max)
        {
            throw new ArgumentException($"'{field}' must hold 1 to {max} leaf indices", field);
        }

        for (int i = 0; i < leaves.Count; i++)
        {
            if (leaves[i] < 0 || leaves[i] > CanonicalJsonWriter.MaxSafeInteger || (i > 0 && leaves[i] <= leaves[i - 1]))
            {
                throw new ArgumentException($"'{field}' must be leaf indices in ascending order without repeats", field);
            }
        }

        return Array.AsReadOnly(leaves.ToArray());
    }

    /// <summary>A payment period: <c>yyyy-MM</c> (a month) or <c>yyyy-Qn</c> (a quarter).</summary>
    internal static string Period(string? value, string field)
    {
        NotNull(value, field);
        return Programs.PaymentPeriod.IsWellFormed(value!)
            ? value!
            : throw new ArgumentException($"'{field}' must be a month (2026-11) or a quarter (2026-Q4), not '{value}'", field);
    }

    internal static BeneficiaryPseudonym Pseudonym(BeneficiaryPseudonym? value, string field) => NotNull(value, field);

    /// <summary>A screening score: from 0 to 1 with at most four decimal places (written with exactly four, e.g. <c>0.9312</c>).</summary>
    internal static decimal Score(decimal value, string field) =>
        value is >= 0m and <= 1m && decimal.Round(value, 4) == value
            ? value
            : throw new ArgumentException($"'{field}' must be a score from 0 to 1 with at most four decimal places", field);

    /// <summary>The score as written: <c>0.9312</c>, <c>1.0000</c>.</summary>
    internal static string FormatScore(decimal score) => score.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads a score written as <see cref="FormatScore"/> writes it, and only so.</summary>
    internal static decimal ParseScore(string text, string field) =>
        text.Length == 6 && text[1] == '.' && (text[0] == '0' || text == "1.0000") && !text.AsSpan(2).ContainsAnyExceptInRange('0', '9')
            ? decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : throw new FormatException($"field '{field}' must be a score such as 0.9312 (0 to 1, four decimal places), not '{text}'");

    internal static CounterpartyPseudonym CounterpartyName(CounterpartyPseudonym? value, string field) => NotNull(value, field);

    /// <summary>Whether any character is one <see cref="char.IsControl(char)"/> accepts: U+0000–U+001F or U+007F–U+009F.</summary>
    private static bool ContainsControl(string value) =>
        value.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || value.AsSpan().ContainsAnyInRange('\u007F', '\u009F');

    private static string WellFormed(string value, string field) =>
        IsWellFormed(value) ? value : throw new ArgumentException($"'{field}' holds a lone surrogate", field);

    /// <summary>Whether every surrogate in <paramref name="value"/> is half of a pair (valid UTF-16).</summary>
    internal static bool IsWellFormed(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return true;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
