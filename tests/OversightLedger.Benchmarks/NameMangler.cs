using System.Text;

namespace OversightLedger.Benchmarks;

/// <summary>
/// Spoils a real list name the ways registrations spoil it: tokens swapped, a letter dropped or doubled, diacritics
/// added (the list has none, so a registration with them tests their removal), a transliteration variant.
/// </summary>
internal sealed class NameMangler(int seed)
{
    private static readonly (string From, string To)[] Transliterations =
    [
        ("MOHAMMED", "MUHAMMAD"), ("MOHAMMAD", "MUHAMMED"), ("MUHAMMAD", "MOHAMED"), ("AHMED", "AHMAD"), ("AHMAD", "AHMED"),
        ("YURI", "IOURI"), ("YEV", "EV"), ("KH", "H"), ("OU", "U"), ("U", "OU"), ("IY", "I"), ("Y", "I"), ("EE", "I"), ("PH", "F"),
        ("SH", "SCH"), ("V", "W"), ("J", "DJ"), ("Q", "K"), ("K", "C"), ("C", "K"), ("AI", "AY"), ("EI", "EY"), ("ALI", "ALY"),
        ("X", "KS"), ("TCH", "CH"), ("CH", "TCH"), ("ZH", "J"), ("I", "Y"),
    ];

    private static readonly Dictionary<char, char> Accents = new()
    {
        ['A'] = 'Á', ['E'] = 'É', ['I'] = 'Í', ['O'] = 'Ö', ['U'] = 'Ü', ['C'] = 'Ç', ['N'] = 'Ñ', ['S'] = 'Š', ['Z'] = 'Ž',
    };

    private readonly Random _random = new(seed);

    /// <summary>The kinds of spoiling, in the order <see cref="Mangle"/> cycles through them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["swapped tokens", "dropped letter", "doubled letter", "diacritics", "transliteration"];

    /// <summary>The name spoiled by kind <paramref name="kind"/> (an index of <see cref="Kinds"/>).</summary>
    public string Mangle(string name, int kind)
    {
        string plain = name.Replace(",", string.Empty, StringComparison.Ordinal);
        string[] tokens = plain.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return kind switch
        {
            0 => string.Join(' ', tokens.Length > 1 ? tokens.Skip(1).Append(tokens[0]) : tokens),
            1 => EditLongestToken(tokens, (token, i) => token.Remove(i, 1)),
            2 => EditLongestToken(tokens, (token, i) => token.Insert(i, token[i].ToString())),
            3 => AddAccents(plain),
            _ => Transliterate(plain),
        };
    }

    private string EditLongestToken(string[] tokens, Func<string, int, string> edit)
    {
        int longest = Array.IndexOf(tokens, tokens.MaxBy(t => t.Length));
        string token = tokens[longest];
        if (token.Length >= 4)
        {
            tokens[longest] = edit(token, 1 + _random.Next(token.Length - 2));
        }

        return string.Join(' ', tokens);
    }

    private string AddAccents(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            builder.Append(Accents.TryGetValue(char.ToUpperInvariant(c), out char accented) && _random.Next(2) == 0 ? accented : c);
        }

        return builder.ToString();
    }

    private string Transliterate(string name)
    {
        string upper = name.ToUpperInvariant();
        var applicable = Transliterations.Where(t => upper.Contains(t.From, StringComparison.Ordinal)).ToList();
        if (applicable.Count == 0)
        {
            return upper;
        }

        (string from, string to) = applicable[_random.Next(applicable.Count)];
        int at = upper.IndexOf(from, StringComparison.Ordinal);
        return string.Concat(upper.AsSpan(0, at), to, upper.AsSpan(at + from.Length));
    }
}
