using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Entries;

namespace OversightLedger.Domain.Watchdog;

/// <summary>
/// A finding the <see cref="WatchdogMonitor"/> concluded from the log, ready to be raised with <see cref="ToEntry"/>.
/// Its id is derived from the watchdog, the class and the facts it rests on, so the same facts always give the same id:
/// raising it twice is an idempotent append of the same entry id.
/// </summary>
public sealed class FindingCandidate
{
    private const string IdPrefix = "f-";
    private const int HashHexDigits = 16;

    internal FindingCandidate(
        string watchdog, string findingClass, string factKey, IEnumerable<string> budgets, IEnumerable<string> programs,
        IEnumerable<long> leavesByRelevance, int maxLeaves, string summary)
    {
        Watchdog = watchdog;
        Class = findingClass;
        Id = IdFor(watchdog, findingClass, factKey);
        Budgets = new NameSet(budgets);
        Programs = new NameSet(programs);
        Leaves = Array.AsReadOnly([.. leavesByRelevance.Distinct().Take(Math.Min(maxLeaves, FindingRaised.MaxLeaves)).Order()]);
        Summary = summary.Length <= FieldFormat.MaxTextLength ? summary : string.Concat(summary.AsSpan(0, FieldFormat.MaxTextLength - 1), "…");
    }

    /// <summary>A candidate as a snapshot holds it (<see cref="Write"/>): its id, leaves and summary as they were concluded.</summary>
    private FindingCandidate(string id, string watchdog, string findingClass, NameSet budgets, NameSet programs, IReadOnlyList<long> leaves, string summary)
    {
        Id = id;
        Watchdog = watchdog;
        Class = findingClass;
        Budgets = budgets;
        Programs = programs;
        Leaves = leaves;
        Summary = summary;
    }

    /// <summary>The finding id: <c>f-</c>, the watchdog name (made URL-safe, shortened if long), the class and 16 hex digits of a SHA-256 of the facts.</summary>
    public string Id { get; }

    /// <summary>The watchdog that concludes it.</summary>
    public string Watchdog { get; }

    /// <summary>The class, one of <see cref="WatchdogRuleClass"/>.</summary>
    public string Class { get; }

    /// <summary>The budgets concerned (may be empty, e.g. for a malformed leaf).</summary>
    public NameSet Budgets { get; }

    /// <summary>The programs concerned (may be empty).</summary>
    public NameSet Programs { get; }

    /// <summary>The leaf indices cited, ascending, at least one and at most <see cref="WatchdogRuleSettings.MaxLeavesCited"/>.</summary>
    public IReadOnlyList<long> Leaves { get; }

    /// <summary>What was seen, in plain words with the figures.</summary>
    public string Summary { get; }

    /// <summary>The FindingRaised entry that raises this finding, decided at <paramref name="time"/>.</summary>
    public FindingRaised ToEntry(DateTimeOffset time) => new(Id, time, Watchdog, Class, Budgets, Programs, Leaves, Summary);

    /// <summary>Writes the candidate to a watchdog's snapshot, as its FindingRaised entry at time zero.</summary>
    internal void Write(BinaryWriter writer)
    {
        byte[] bytes = ToEntry(DateTimeOffset.UnixEpoch).ToCanonicalJson();
        writer.Write7BitEncodedInt(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>The candidate <see cref="Write"/> wrote, of <paramref name="watchdog"/>.</summary>
    /// <exception cref="InvalidDataException">It is malformed or of another watchdog.</exception>
    internal static FindingCandidate Read(BinaryReader reader, string watchdog)
    {
        int length = WatchdogStateCodec.ReadCount(reader);
        byte[] bytes = reader.ReadBytes(length);
        if (bytes.Length != length || !LedgerEntryParser.TryParse(bytes, out LedgerEntry? entry, out _) || entry is not FindingRaised raised || raised.Watchdog != watchdog)
        {
            throw new InvalidDataException($"The snapshot holds a finding that is not a FindingRaised of '{watchdog}'.");
        }

        return new FindingCandidate(raised.Finding, raised.Watchdog, raised.Class, raised.Budgets, raised.Programs, raised.Leaves, raised.Summary);
    }

    /// <summary>A readable summary.</summary>
    public override string ToString() => $"{Id}: {Summary}";

    /// <summary>
    /// The id of the finding of <paramref name="findingClass"/> that <paramref name="watchdog"/> concludes from the facts
    /// <paramref name="factKey"/>: at most 128 characters, only ASCII letters, digits, '.', '_' and '-'. The hash covers
    /// the full watchdog name, so shortening it never makes two watchdogs' ids collide.
    /// </summary>
    internal static string IdFor(string watchdog, string findingClass, string factKey)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{watchdog}\n{findingClass}\n{factKey}"));
        string hash = Convert.ToHexStringLower(digest, 0, HashHexDigits / 2);
        string tail = $"{Slug(findingClass)}-{hash}";
        int room = FieldFormat.MaxIdentifierLength - IdPrefix.Length - tail.Length - 1;
        string name = Slug(watchdog);
        return room < 1 ? string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{hash}")
            : $"{IdPrefix}{(name.Length <= room ? name : name[..room])}-{tail}";
    }

    private static string Slug(string text)
    {
        StringBuilder slug = new(text.Length);
        foreach (char c in text)
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        return slug.ToString();
    }
}
