using System.Globalization;
using System.Text;

namespace OversightLedger.Sanctions;

/// <summary>
/// Turns a name into comparable tokens: upper case, diacritics removed, Cyrillic transliterated, apostrophes dropped
/// (O'BRIEN = OBRIEN), other punctuation and hyphens separate tokens. <see cref="Skeleton"/> gives the sound-alike key
/// that absorbs common transliteration variants (MOHAMMED = MUHAMAD, YURI = IOURI, POUTINE = PUTIN).
/// </summary>
public static class NameNormalizer
{
    private static readonly Dictionary<char, string> Cyrillic = BuildCyrillic();

    /// <summary>The name's tokens, in order.</summary>
    public static string[] Tokens(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length);
        foreach (char raw in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(raw) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            char c = char.ToUpperInvariant(raw);
            if (c is '\'' or '\u2019' or '\u2018' or '`' or '\u02bc' or '\u02bb')
            {
                continue;
            }

            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (Special(c) is { } replacement)
            {
                builder.Append(replacement);
            }
            else if (Cyrillic.TryGetValue(c, out string? latin))
            {
                builder.Append(latin);
            }
            else if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// The sound-alike key of a token: common spelling variants folded (PH→F, KH→H, Q→K, W→V, J/Y→I, OU→U, …),
    /// doubled letters collapsed, and vowels after the first letter dropped.
    /// </summary>
    public static string Skeleton(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        string folded = token
            .Replace("SCH", "S", StringComparison.Ordinal)
            .Replace("TCH", "C", StringComparison.Ordinal)
            .Replace("DJ", "J", StringComparison.Ordinal)
            .Replace("DZ", "Z", StringComparison.Ordinal)
            .Replace("PH", "F", StringComparison.Ordinal)
            .Replace("KH", "H", StringComparison.Ordinal)
            .Replace("GH", "G", StringComparison.Ordinal)
            .Replace("TH", "T", StringComparison.Ordinal)
            .Replace("SH", "S", StringComparison.Ordinal)
            .Replace("CH", "C", StringComparison.Ordinal)
            .Replace("ZH", "J", StringComparison.Ordinal)
            .Replace("CK", "K", StringComparison.Ordinal)
            .Replace("OU", "U", StringComparison.Ordinal);
        var builder = new StringBuilder(folded.Length);
        char previous = '\0';
        for (int i = 0; i < folded.Length; i++)
        {
            char c = folded[i] switch
            {
                'Q' => 'K',
                'C' => 'K',
                'W' => 'V',
                'J' or 'Y' => 'I',
                'Z' => 'S',
                'X' => 'K',
                var other => other,
            };
            bool vowel = c is 'A' or 'E' or 'I' or 'O' or 'U';
            if (c == previous || (vowel && i > 0))
            {
                previous = c;
                continue;
            }

            builder.Append(vowel ? 'A' : c);
            previous = c;
        }

        // A trailing H after a vowel is silent in transliterations (ABDALLAH = ABDALLA).
        if (builder.Length > 2 && builder[^1] == 'H')
        {
            builder.Length--;
        }

        return builder.ToString();
    }

    private static string? Special(char c) => c switch
    {
        'ß' => "SS",
        'Æ' => "AE",
        'Œ' => "OE",
        'Ø' => "O",
        'Ł' => "L",
        'Đ' => "D",
        'Þ' => "TH",
        'Ð' => "D",
        'I' or 'İ' or 'ı' => "I",
        _ => null,
    };

    private static Dictionary<char, string> BuildCyrillic()
    {
        // BGN/PCGN-like transliteration of Russian, Ukrainian and Belarusian upper case.
        string[] pairs =
        [
            "АA", "БB", "ВV", "ГG", "ДD", "ЕE", "ЁE", "ЖZH", "ЗZ", "ИI", "ЙY", "КK", "ЛL", "МM", "НN", "ОO", "ПP", "РR", "СS",
            "ТT", "УU", "ФF", "ХKH", "ЦTS", "ЧCH", "ШSH", "ЩSHCH", "Ъ", "ЫY", "Ь", "ЭE", "ЮYU", "ЯYA", "ІI", "ЇYI", "ЄYE",
            "ҐG", "ЎU",
        ];
        return pairs.ToDictionary(pair => pair[0], pair => pair[1..]);
    }
}
