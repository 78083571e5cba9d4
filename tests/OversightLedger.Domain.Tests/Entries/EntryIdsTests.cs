using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using Currency = OversightLedger.Domain.Money.Currency;
using DomainMoney = OversightLedger.Domain.Money.Money;

namespace OversightLedger.Domain.Tests.Entries;

/// <summary>
/// <see cref="EntryIds"/>: every id it builds is readable for ordinary parts, decodes back to its kind and parts (so two
/// different acts never share an id), keeps client ids apart from derived ones, and is a valid entry id.
/// </summary>
public class EntryIdsTests
{
    /// <summary>Parts a caller could send: the old separator, the new one, escapes, white space, controls, surrogates, non-ASCII.</summary>
    private static readonly Gen<string> TrickyParts = Gen.OneOf(
        Gen.Elements("", "a", "b", "c", ":", "/", "%", "%2F", "%25", "a:b", "b:c", "a/b", "b/c", " ", "\t", "\u0000", "\u0085", "\u00A0", "\u2028",
            "\uD800", "\uDC00", "\uFFFD", "é", "😀", "disbursement", "request", "sha256", "funds-received"),
        Gen.Choose(0, 70).SelectMany(n => Gen.ArrayOf(Gen.Elements('a', ':', '/', '%', '2', 'F', ' ', '\uD83D', '\uDE00', 'é'), n)).Select(cs => new string(cs)));

    private static readonly Dictionary<string, (int Arity, Func<string[], string> Build)> Builders = new(StringComparer.Ordinal)
    {
        ["disbursement"] = (2, p => EntryIds.Disbursement(p[0], p[1])),
        ["request"] = (2, p => EntryIds.Request(p[0], p[1])),
        ["budget-opened"] = (1, p => EntryIds.BudgetOpened(p[0])),
        ["funds-received"] = (2, p => EntryIds.FundsReceived(p[0], p[1])),
        ["tranche-added"] = (2, p => EntryIds.TrancheAdded(p[0], p[1])),
        ["benchmark-verified"] = (3, p => EntryIds.BenchmarkVerified(p[0], p[1], p[2])),
        ["tranche-released"] = (2, p => EntryIds.TrancheReleased(p[0], p[1])),
        ["program-eligible"] = (2, p => EntryIds.ProgramEligible(p[0], p[1])),
        ["exemption-granted"] = (2, p => EntryIds.ExemptionGranted(p[0], p[1])),
        ["program-opened"] = (1, p => EntryIds.ProgramOpened(p[0])),
        ["enrolled"] = (2, p => EntryIds.Enrolled(p[0], p[1])),
        ["finding-disputed"] = (3, p => EntryIds.FindingDisputed(p[0], p[1], p[2])),
        ["finding-resolved"] = (1, p => EntryIds.FindingResolved(p[0])),
        ["snap-back"] = (2, p => EntryIds.SnapBack(p[0], p[1])),
    };

    private static readonly Arbitrary<(string Kind, string[] Parts)> Acts =
        (from kind in Gen.Elements(Builders.Keys.ToArray())
         from parts in Gen.ArrayOf(TrickyParts, Builders[kind].Arity)
         select (kind, parts)).ToArbitrary();

    [Fact]
    public void Ordinary_parts_give_readable_ids()
    {
        Assert.Equal("disbursement/cash-syria/dsb-1", EntryIds.Disbursement("cash-syria", "dsb-1"));
        Assert.Equal("request/agency-1/req:7", EntryIds.Request("agency-1", "req:7"));
        Assert.Equal("funds-received/syria-2026/TRF-002", EntryIds.FundsReceived("syria-2026", "TRF-002"));
        Assert.Equal("budget-opened/syria-2026", EntryIds.BudgetOpened("syria-2026"));
        Assert.Equal("exemption-expired/b/e/20270101T000000Z", EntryIds.ExemptionExpired("b", "e", new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.FromHours(1))));
        Assert.Equal("report-2026-Q4", EntryIds.Report("2026-Q4"));
    }

    [Fact]
    public void Characters_that_could_split_or_blur_an_id_are_escaped()
    {
        Assert.Equal("funds-received/a/b%2Fc", EntryIds.FundsReceived("a", "b/c"));
        Assert.Equal("funds-received/a%2Fb/c", EntryIds.FundsReceived("a/b", "c"));
        Assert.Equal("funds-received/a/%252F", EntryIds.FundsReceived("a", "%2F"));
        Assert.Equal("funds-received/a/TRF%20002%0A", EntryIds.FundsReceived("a", "TRF 002\n"));
        Assert.Equal("funds-received/a/%E2%80%A8%uD800", EntryIds.FundsReceived("a", "\u2028\uD800"));
        Assert.Equal("funds-received/a/é😀", EntryIds.FundsReceived("a", "é😀"));
    }

    [Theory]
    [InlineData("a", "b:c", "a:b", "c")]
    [InlineData("a", "b/c", "a/b", "c")]
    [InlineData("a%2Fb", "c", "a/b", "c")]
    [InlineData("a", "%2F", "a", "/")]
    [InlineData("a", " ", "a", "%20")]
    [InlineData("a", "", "a/", "")]
    public void Parts_that_once_ran_together_give_different_ids(string budget1, string reference1, string budget2, string reference2) =>
        Assert.NotEqual(EntryIds.FundsReceived(budget1, reference1), EntryIds.FundsReceived(budget2, reference2));

    [Fact]
    public void Lone_surrogates_stay_apart_from_each_other_and_from_the_replacement_character()
    {
        string[] ids = [EntryIds.FundsReceived("a", "\uD800"), EntryIds.FundsReceived("a", "\uD801"), EntryIds.FundsReceived("a", "\uFFFD"), EntryIds.FundsReceived("a", "\uD83D\uDE00")];
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());

        // Long enough to be hashed: the hash covers the escaped form, so the surrogates still count.
        string padding = new('r', 300);
        Assert.NotEqual(EntryIds.FundsReceived("a", padding + "\uD800"), EntryIds.FundsReceived("a", padding + "\uD801"));
    }

    [Fact]
    public void A_client_id_can_never_be_a_derived_id()
    {
        // What issue 11 saw: an agency paying with the donor's funds id. Scoped, the two ids differ whatever the client sends.
        string derived = EntryIds.FundsReceived("syria-2026", "TRF-002");
        Assert.NotEqual(derived, EntryIds.Disbursement("p", "funds-received:syria-2026:TRF-002"));
        Assert.NotEqual(derived, EntryIds.Disbursement("funds-received", "syria-2026/TRF-002"));
        Assert.NotEqual(derived, EntryIds.Request("funds-received", "syria-2026/TRF-002"));
        Assert.NotEqual(derived, EntryIds.Disbursement("syria-2026", "TRF-002"));
    }

    [Property(MaxTest = 2000)]
    public Property Every_id_decodes_back_to_its_kind_and_parts_or_is_the_hash_of_that_form() =>
        Prop.ForAll(Acts, act =>
        {
            string id = Builders[act.Kind].Build(act.Parts);
            string written = Written(act.Kind, act.Parts);
            if (written.Length <= EntryIds.MaxLength)
            {
                Assert.Equal(written, id);
                string[] segments = id.Split(EntryIds.Separator);
                Assert.Equal(act.Kind, segments[0]);
                Assert.Equal(act.Parts, segments[1..].Select(Unescape));
            }
            else
            {
                Assert.Equal("sha256/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(written))), id);
            }

            // Whatever the parts, the id is one an entry may carry.
            Assert.Equal(id, new ProgramOpened(id, DateTimeOffset.UnixEpoch, "p", "agency", new DomainMoney(Currency.Parse("USD"), 100), CapPeriod.Month).Id);
        });

    [Property(MaxTest = 2000)]
    public Property Different_acts_never_share_an_id() =>
        Prop.ForAll(Acts, Acts, (first, second) =>
        {
            bool same = first.Kind == second.Kind && first.Parts.SequenceEqual(second.Parts);
            Assert.Equal(same, Builders[first.Kind].Build(first.Parts) == Builders[second.Kind].Build(second.Parts));
        });

    [Fact]
    public void Scoped_ids_of_the_longest_client_ids_stay_readable_and_longer_ones_become_a_hash()
    {
        string program = new('p', 64), client = new('d', 64);
        string id = EntryIds.Disbursement(program, client);
        Assert.Equal($"disbursement/{program}/{client}", id);
        Assert.Equal(id, new Disbursed(
            id, DateTimeOffset.UnixEpoch, program, "b", "t", BeneficiaryPseudonym.Parse("ps_" + new string('A', 43)), new DomainMoney(Currency.Parse("USD"), 1), "72010", "cash", "2026-01").Id);

        string[] longer = [EntryIds.FundsReceived("b", new string('r', 1000)), EntryIds.FundsReceived("b", new string('r', 1001)), EntryIds.FundsReceived("b", new string('r', 1000))];
        Assert.All(longer, h => Assert.Matches("^sha256/[0-9a-f]{64}$", h));
        Assert.NotEqual(longer[0], longer[1]);
        Assert.Equal(longer[0], longer[2]);
    }

    /// <summary>The id written out in full: the kind and each part escaped, as the documentation of <see cref="EntryIds"/> says.</summary>
    private static string Written(string kind, string[] parts) => kind + string.Concat(parts.Select(p => "/" + Escape(p)));

    private static string Escape(string part)
    {
        var escaped = new StringBuilder();
        for (int i = 0; i < part.Length; i++)
        {
            char c = part[i];
            if (char.IsHighSurrogate(c) && i + 1 < part.Length && char.IsLowSurrogate(part[i + 1]))
            {
                escaped.Append(c).Append(part[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                escaped.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else if (c is '%' or '/' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                escaped.Append(string.Concat(Encoding.UTF8.GetBytes(c.ToString()).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture))));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static string Unescape(string segment)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        for (int i = 0; i < segment.Length;)
        {
            if (segment[i] == '%' && segment[i + 1] != 'u')
            {
                bytes.Add(byte.Parse(segment.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 3;
                continue;
            }

            text.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
            if (segment[i] == '%')
            {
                text.Append((char)int.Parse(segment.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 6;
            }
            else
            {
                text.Append(segment[i++]);
            }
        }

        return text.Append(Encoding.UTF8.GetString([.. bytes])).ToString();
    }
}
