using System.Globalization;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Entries;

using OversightLedger.Domain.Money;

/// <summary>
/// Generated entries of every kind, with identifiers and texts full of what JSON escapes (quotes, backslashes, controls)
/// and what it does not (non-ASCII, '/', DEL): the parser reads back exactly their canonical bytes, and refuses every
/// variant of them the strict parser has always refused — white space, members swapped, repeated or unknown, escapes
/// RFC 8785 does not write, numbers and amounts written otherwise — with the messages it has always given.
/// </summary>
/// <remarks>
/// The parser vouches for canonical bytes as it reads them instead of serialising the entry again; these properties
/// check that it never vouches for bytes that are not the entry's canonical bytes.
/// </remarks>
public class ParserStrictnessTests
{
    private static readonly byte[] Secret = new byte[32];

    /// <summary>Bytes that mean something to JSON, for changes more likely to make other valid JSON than random bytes are.</summary>
    private static readonly byte[] JsonBytes = " \t\n{}[]\",:\\/0123456789.-+eEtrufalsnu"u8.ToArray();

    private static readonly Gen<string> IdentifierPieces = Gen.Elements(
        "a", "b", "z", "A", "Z", "0", "9", "-", "_", ".", ":", "/", " ", "\"", "\\", "é", "€", "😀", "\u2028", "\uE000", "\uFFFD");

    private static readonly Gen<string> TextPieces = Gen.Frequency(
        (4, IdentifierPieces),
        (1, Gen.Elements("\n", "\t", "\r", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f", "\u0085")));

    private static readonly Gen<string> Identifiers =
        from pieces in Gen.Choose(0, 10).SelectMany(n => IdentifierPieces.ArrayOf(n))
        from first in Gen.Elements("id", "x", "Budget", "é")
        from last in Gen.Elements("1", "z", "é")
        select first + string.Concat(pieces) + last;

    private static readonly Gen<string> Texts =
        from pieces in Gen.Choose(0, 16).SelectMany(n => TextPieces.ArrayOf(n))
        select "t" + string.Concat(pieces);

    private static readonly Gen<NameSet> NameSets =
        Gen.Choose(0, 4).SelectMany(n => Identifiers.ArrayOf(n)).Select(names => new NameSet(names));

    private static readonly Gen<long> Longs = Gen.Frequency(
        (3, Gen.Choose(0, 1_000_000).Select(n => (long)n)),
        (2, from high in Gen.Choose(0, int.MaxValue) from low in Gen.Choose(0, int.MaxValue) select ((long)high << 31) | (uint)low),
        (1, Gen.Elements(long.MaxValue, 0L, 1L)));

    private static readonly Gen<Money> Amounts =
        from currency in Gen.Elements<Currency>(Currency.All)
        from magnitude in Longs
        from negative in Gen.Frequency((6, Gen.Constant(false)), (1, Gen.Constant(true)))
        select new Money(currency, negative ? -magnitude : magnitude);

    private static readonly Gen<DateTimeOffset> Times = Gen.Frequency(
        (6, Gen.Choose(0, int.MaxValue).Select(s => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(s))),
        (1, Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero))));

    private static readonly Gen<string> Sectors = Gen.Choose(0, 99_999).Select(n => n.ToString("00000", CultureInfo.InvariantCulture));

    private static readonly Gen<string> Quarters =
        from year in Gen.Choose(1, 9999)
        from quarter in Gen.Choose(1, 4)
        select string.Create(CultureInfo.InvariantCulture, $"{year:0000}-Q{quarter}");

    private static readonly Gen<string> Periods = Gen.OneOf(
        Quarters,
        from year in Gen.Choose(1, 9999)
        from month in Gen.Choose(1, 12)
        select string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}"));

    private static readonly Gen<string> Digests =
        Gen.Choose(0, 15).ArrayOf(64).Select(digits => string.Concat(digits.Select(d => "0123456789abcdef"[d])));

    private static readonly Gen<BeneficiaryPseudonym> Pseudonyms =
        Gen.Choose(0, int.MaxValue).Select(n => BeneficiaryPseudonym.Derive(Secret, $"AGY-{n}"));

    private static readonly Gen<CounterpartyPseudonym> CounterpartyPseudonyms =
        Gen.Choose(0, int.MaxValue).Select(n => CounterpartyPseudonym.Derive(ProgramSecret.FromBytes(Secret), $"Vendor {n}"));

    private static readonly Gen<decimal> Scores = Gen.Choose(0, 10_000).Select(n => n / 10_000m);

    private static long EntryTimeSecond(DateTimeOffset time) => time.UtcTicks / TimeSpan.TicksPerSecond;

    private static readonly Gen<string> Countries = Gen.Elements("SY", "SD", "AF", "IR", "VE", "SS", "YE", "MM");

    private static readonly Gen<NameSet> CountrySets = Gen.NonEmptyListOf(Countries).Select(c => new NameSet(c));

    private static readonly Gen<NameSet> KindSets = Gen.SubListOf(
        new[] { "implementing-partner", "vendor", "financial-service-provider", "organisation-payee" }).Select(k => new NameSet(k));

    private static readonly Gen<long[]> Leaves =
        from first in Longs.Select(n => n % 1_000_000_000_000)
        from steps in Gen.Choose(1, 4).SelectMany(n => Gen.Choose(1, 1000).ArrayOf(n))
        select steps.Select((_, i) => first + steps.Take(i).Sum()).ToArray();

    /// <summary>Indicator values: whole, with decimals (trailing zeros trimmed when written), the bounds.</summary>
    private static readonly Gen<decimal> IndicatorValues = Gen.Frequency(
        (3, Gen.Choose(0, 1_000_000).Select(n => (decimal)n)),
        (3, from whole in Gen.Choose(0, int.MaxValue) from fraction in Gen.Choose(0, 999_999) select whole + (fraction / 1_000_000m)),
        (1, Gen.Elements(0m, IndicatorValue.Max, 0.000001m, 1.500000m)));

    private static readonly Gen<LedgerEntry> Entries = Gen.OneOf(
        from id in Identifiers from t in Times from budget in Identifiers from donor in Identifiers from purpose in Sectors
        from country in Gen.Elements("SS", "FR", "XK") from pledged in Amounts from classes in NameSets from owner in Identifiers
        select (LedgerEntry)new BudgetOpened(id, t, budget, donor, purpose, country, pledged, classes, owner),
        from id in Identifiers from t in Times from budget in Identifiers from amount in Amounts from reference in Texts
        select (LedgerEntry)new FundsReceived(id, t, budget, amount, reference),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from amount in Amounts
        from humanitarian in Gen.Elements(true, false) from benchmarks in NameSets
        select (LedgerEntry)new TrancheAdded(id, t, budget, tranche, amount, humanitarian, benchmarks),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from verifier in Identifiers from evidence in Digests from verifiedAt in Times
        select (LedgerEntry)new BenchmarkVerified(id, t, budget, tranche, benchmark, verifier, evidence, DateOnly.FromDateTime(verifiedAt.UtcDateTime)),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from verifier in Identifiers from evidence in Digests from verifiedAt in Times from value in IndicatorValues
        select (LedgerEntry)new BenchmarkVerified(id, t, budget, tranche, benchmark, verifier, evidence, DateOnly.FromDateTime(verifiedAt.UtcDateTime), value),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from indicator in Texts from unit in Identifiers from baseline in IndicatorValues from target in IndicatorValues
        from direction in Gen.Elements(TargetDirection.AtLeast, TargetDirection.AtMost) from due in Times
        from required in Gen.Choose(1, BenchmarkDefined.MaxRequiredVerifications) from groups in Gen.Choose(1, BenchmarkDefined.MaxRequiredVerifications)
        select (LedgerEntry)new BenchmarkDefined(
            id, t, budget, tranche, benchmark, indicator, unit, baseline, target, direction, DateOnly.FromDateTime(due.UtcDateTime), required, Math.Min(groups, required)),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from indicator in Texts from unit in Identifiers from baseline in IndicatorValues from target in IndicatorValues
        from due in Times from cadence in Gen.Elements(ReviewCadence.Monthly, ReviewCadence.Quarterly) from reviews in Gen.Choose(1, 40)
        select (LedgerEntry)new BenchmarkDefined(
            id, t, budget, tranche, benchmark, indicator, unit, baseline, target, TargetDirection.AtLeast, DateOnly.FromDateTime(due.UtcDateTime), 1, 1, cadence, reviews),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from review in Gen.Choose(1, 120) from opens in Times from days in Gen.Choose(0, 92)
        let opensOn = DateOnly.FromDateTime(opens.UtcDateTime)
        select (LedgerEntry)new ReviewOpened(id, t, budget, tranche, benchmark, review, opensOn, opensOn.DayNumber + days > DateOnly.MaxValue.DayNumber ? opensOn : opensOn.AddDays(days)),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from review in Gen.Choose(1, 120) from outcome in Gen.Elements(ReviewOutcome.Passed, ReviewOutcome.Failed, ReviewOutcome.Missed)
        select (LedgerEntry)new ReviewClosed(id, t, budget, tranche, benchmark, review, outcome),
        from id in Identifiers from t in Times from budget in Identifiers from donor in Identifiers from pledged in Amounts from owner in Identifiers
        from counts in Gen.Choose(1, ConsequenceLadder.MaxSteps).SelectMany(n => Gen.Choose(1, 12).ArrayOf(n))
        from actions in Gen.Elements(ConsequenceAction.PauseNextTranche, ConsequenceAction.FreezeUnreleased).ArrayOf(counts.Length)
        select (LedgerEntry)new BudgetOpened(
            id, t, budget, donor, "72010", "SS", pledged, NameSet.Empty, owner,
            new ConsequenceLadder(counts.Select((c, i) => new ConsequenceStep(counts.Take(i + 1).Sum(), actions[i])))),
        from id in Identifiers from t in Times from budget in Identifiers from step in Gen.Choose(1, ConsequenceLadder.MaxSteps)
        from action in Gen.Elements(ConsequenceAction.PauseNextTranche, ConsequenceAction.FreezeUnreleased) from tranches in NameSets from review in Identifiers
        select (LedgerEntry)new ConsequenceApplied(id, t, budget, step, action, tranches, review),
        from id in Identifiers from t in Times from budget in Identifiers from step in Gen.Choose(1, ConsequenceLadder.MaxSteps)
        from reason in Texts from review in Identifiers from owner in Identifiers
        select (LedgerEntry)new ConsequenceLifted(id, t, budget, step, reason, review, owner),
        from id in Identifiers from t in Times from budget in Identifiers from verifier in Identifiers from verifierGroup in Identifiers
        select (LedgerEntry)new VerifierRegistered(id, t, budget, verifier, verifierGroup),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from benchmark in Identifiers
        from met in Gen.Elements(true, false) from reason in Texts from author in Identifiers
        select (LedgerEntry)new BenchmarkDecided(id, t, budget, tranche, benchmark, met, reason, author),
        from id in Identifiers from t in Times from budget in Identifiers from tranche in Identifiers from amount in Amounts
        from verifications in NameSets from author in Identifiers
        select (LedgerEntry)new TrancheReleased(id, t, budget, tranche, amount, verifications, author),
        from id in Identifiers from t in Times from budget in Identifiers from program in Identifiers from agency in Identifiers
        select (LedgerEntry)new ProgramEligible(id, t, budget, program, agency),
        from id in Identifiers from t in Times from program in Identifiers from agency in Identifiers from cap in Amounts
        from period in Gen.Elements(CapPeriod.Month, CapPeriod.Quarter)
        select (LedgerEntry)new ProgramOpened(id, t, program, agency, cap, period),
        from id in Identifiers from t in Times from program in Identifiers from beneficiary in Pseudonyms
        select (LedgerEntry)new BeneficiaryEnrolled(id, t, program, beneficiary),
        from id in Identifiers from t in Times from program in Identifiers from budget in Identifiers from tranche in Identifiers
        from beneficiary in Pseudonyms from amount in Amounts from sector in Sectors from modality in Identifiers from period in Periods
        from counterparty in Gen.OneOf(Gen.Constant<string?>(null), Identifiers.Select(c => (string?)c))
        select (LedgerEntry)new Disbursed(id, t, program, budget, tranche, beneficiary, amount, sector, modality, period, counterparty),
        from id in Identifiers from t in Times from disbursement in Identifiers from program in Identifiers from budget in Identifiers
        from tranche in Identifiers from amount in Amounts from reason in Texts
        select (LedgerEntry)new Reversed(id, t, disbursement, program, budget, tranche, amount, reason),
        from id in Identifiers from t in Times from disbursement in Identifiers from program in Identifiers from budget in Identifiers
        from amount in Amounts
        select (LedgerEntry)new Delivered(id, t, disbursement, program, budget, amount),
        from id in Identifiers from t in Times from budget in Identifiers from reason in Texts
        from finding in Gen.OneOf(Gen.Constant<string?>(null), Identifiers.Select(f => (string?)f))
        select (LedgerEntry)new BudgetFrozen(id, t, budget, reason, finding),
        from id in Identifiers from t in Times from budget in Identifiers from reason in Texts
        select (LedgerEntry)new BudgetUnfrozen(id, t, budget, reason),
        from id in Identifiers from t in Times from budget in Identifiers from exemption in Identifiers
        from sectors in Gen.Choose(0, 3).SelectMany(n => Sectors.ArrayOf(n)) from modalities in NameSets from max in Amounts from sunset in Times
        select (LedgerEntry)new ExemptionGranted(id, t, budget, exemption, new NameSet(sectors), modalities, max, sunset),
        from id in Identifiers from t in Times from budget in Identifiers from exemption in Identifiers from sunset in Times
        select (LedgerEntry)new ExemptionRenewed(id, t, budget, exemption, sunset),
        from id in Identifiers from t in Times from budget in Identifiers from exemption in Identifiers
        select (LedgerEntry)new ExemptionExpired(id, t, budget, exemption),
        from finding in Identifiers from t in Times from watchdog in Identifiers from findingClass in Identifiers from budgets in NameSets
        from programs in NameSets from leaves in Leaves from summary in Texts
        select (LedgerEntry)new FindingRaised(finding, t, watchdog, findingClass, budgets, programs, leaves, summary),
        from id in Identifiers from t in Times from finding in Identifiers from author in Identifiers from response in Texts
        select (LedgerEntry)new FindingDisputed(id, t, finding, author, response),
        from id in Identifiers from t in Times from finding in Identifiers from author in Identifiers
        from outcome in Gen.Elements(FindingOutcome.Dismissed, FindingOutcome.Confirmed) from action in Texts
        select (LedgerEntry)new FindingResolved(id, t, finding, author, outcome, action),
        from t in Times from quarter in Quarters from size in Longs.Select(n => n % (CanonicalJsonWriter.MaxSafeInteger + 1))
        from root in Digests from html in Digests from json in Digests from csv in Digests from xml in Digests
        select (LedgerEntry)new ReportPublished(ReportPublished.IdFor(quarter), t, quarter, size, root, html, json, csv, xml),
        from t in Times from size in Longs.Select(n => 1 + (n % CanonicalJsonWriter.MaxSafeInteger)) from root in Digests
        from network in Gen.Elements("main", "testnet", "signet", "regtest") from txid in Digests from block in Digests
        from height in Gen.Choose(0, int.MaxValue) from proof in Digests
        select (LedgerEntry)new CheckpointAnchored(EntryIds.CheckpointAnchored(size), t, size, root, network, txid, block, height, proof),
        from t in Times from witness in Identifiers from key in Identifiers from watchdog in Identifiers
        select (LedgerEntry)new WitnessRetired(EntryIds.WitnessRetired(witness, key), t, witness, key, watchdog, WitnessRetired.ServerGeneratedReason),
        from t in Times from source in Identifiers from sha in Digests from previous in Gen.OneOf(Gen.Constant<ulong?>(null), Gen.Choose(0, int.MaxValue).Select(n => (ulong?)n))
        from date in Gen.OneOf(Gen.Constant<DateOnly?>(null), Times.Select(d => (DateOnly?)DateOnly.FromDateTime(d.UtcDateTime))) from count in Gen.Choose(1, int.MaxValue)
        select (LedgerEntry)new SanctionsListLoaded(EntryIds.SanctionsListLoaded(source, sha, previous), t, source, date, sha, count),
        from t in Times from counterparty in Identifiers from agency in Identifiers
        from kind in Gen.Elements(CounterpartyKind.ImplementingPartner, CounterpartyKind.Vendor, CounterpartyKind.FinancialServiceProvider, CounterpartyKind.OrganisationPayee)
        from name in CounterpartyPseudonyms
        select (LedgerEntry)new CounterpartyRegistered(EntryIds.CounterpartyRegistered(counterparty), t, counterparty, agency, kind, name),
        from t in Times from counterparty in Identifiers from lists in NameSets.Where(l => l.Count > 0) from score in Scores
        from hit in Gen.Elements(true, false) from matched in Identifiers
        select (LedgerEntry)new CounterpartyScreened(EntryIds.CounterpartyScreened(counterparty, lists), t, counterparty, lists, score, hit, hit ? matched : null),
        from t in Times from counterparty in Identifiers from reviewer in Identifiers from lists in NameSets.Where(l => l.Count > 0) from score in Scores
        from reason in Digests from cleared in Gen.Elements(true, false)
        select cleared
            ? (LedgerEntry)new ScreeningCleared(EntryIds.ScreeningReviewed(counterparty, lists), t, counterparty, reviewer, lists, score, reason)
            : new ScreeningConfirmed(EntryIds.ScreeningReviewed(counterparty, lists), t, counterparty, reviewer, lists, score, reason),
        from t in Times from country in Countries from reference in Texts from author in Identifiers from lifts in Gen.Choose(0, 9) from lifted in Gen.Elements(true, false)
        select lifted
            ? (LedgerEntry)new JurisdictionLifted(EntryIds.JurisdictionLifted(country, lifts), t, country, reference, author)
            : new JurisdictionSanctioned(EntryIds.JurisdictionSanctioned(country, lifts), t, country, reference, author),
        from t in Times from licence in Identifiers from authority in Texts from reference in Texts from countries in CountrySets
        from sectors in Gen.ListOf(Sectors).Select(l => new NameSet(l.Take(5))) from kinds in KindSets from excluded in NameSets
        from a in Times from b in Times.Where(b => EntryTimeSecond(b) != EntryTimeSecond(a)) from author in Identifiers
        from lists in Gen.OneOf(Gen.Constant<NameSet?>(null), NameSets.Select(n => (NameSet?)n))
        select (LedgerEntry)new LicenceRecorded(
            EntryIds.LicenceRecorded(licence), t, licence, authority, reference, countries, sectors, kinds, excluded, a < b ? a : b, a < b ? b : a, author, lists),
        from t in Times from licence in Identifiers from amendment in Identifiers from reference in Texts from author in Identifiers
        from expires in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), Times.Select(x => (DateTimeOffset?)x))
        from countries in Gen.OneOf(Gen.Constant<NameSet?>(null), CountrySets.Select(c => (NameSet?)c))
        from kinds in Gen.OneOf(Gen.Constant<NameSet?>(null), KindSets.Select(k => (NameSet?)k))
        from excluded in Gen.OneOf(Gen.Constant<NameSet?>(null), NameSets.Select(n => (NameSet?)n))
        from lists in Gen.OneOf(Gen.Constant<NameSet?>(null), NameSets.Select(n => (NameSet?)n))
        select (LedgerEntry)new LicenceAmended(
            EntryIds.LicenceAmended(licence, amendment), t, licence, amendment, reference, author,
            expires ?? (countries is null && kinds is null && excluded is null && lists is null ? t : null), countries, null, kinds, excluded, lists),
        from t in Times from licence in Identifiers from budget in Identifiers from author in Identifiers
        select (LedgerEntry)new LicenceAttached(EntryIds.LicenceAttached(budget, licence), t, licence, budget, author),
        from t in Times from licence in Identifiers from expires in Times
        select (LedgerEntry)new LicenceExpired(EntryIds.LicenceExpired(licence, expires), t, licence, expires),
        from id in Identifiers from t in Times from budget in Identifiers from threshold in Amounts.Where(a => a.MinorUnits >= 0) from days in Gen.Choose(1, VettingRequired.MaxWaitDaysLimit)
        select (LedgerEntry)new VettingRequired(id, t, budget, threshold, days),
        from id in Identifiers from t in Times from budget in Identifiers from vetter in Identifiers
        select (LedgerEntry)new VetterRegistered(id, t, budget, vetter),
        from id in Identifiers from t in Times from budget in Identifiers from program in Identifiers from agency in Identifiers from list in Identifiers
        from sha in Digests from rows in Gen.Choose(1, PaymentListSubmitted.MaxRows) from total in Amounts from expires in Times
        select (LedgerEntry)new PaymentListSubmitted(id, t, budget, program, agency, list, sha, rows, total, expires),
        from id in Identifiers from t in Times from budget in Identifiers from program in Identifiers from list in Identifiers from vetter in Identifiers
        from rows in Identifiers.ArrayOf().Select(r => r.Distinct(StringComparer.Ordinal).ToArray()).Where(r => r.Length > 0)
        from split in Gen.Choose(0, 100) from reason in Gen.Elements(RowRefusalReasons.All.ToArray())
        let approvedCount = Math.Min(rows.Length, split * rows.Length / 100)
        select (LedgerEntry)new PaymentListVetted(
            id, t, budget, program, list, vetter, new NameSet(rows.Take(approvedCount)), rows.Skip(approvedCount).ToDictionary(r => r, _ => reason, StringComparer.Ordinal)),
        from id in Identifiers from t in Times from budget in Identifiers from program in Identifiers from list in Identifiers
        select (LedgerEntry)new PaymentListExpired(id, t, budget, program, list));

    private static readonly Arbitrary<(LedgerEntry Entry, int Seed)> EntriesAndSeeds =
        (from entry in Entries from seed in Gen.Choose(0, int.MaxValue) select (entry, seed)).ToArbitrary();

    [Fact]
    public void TheGeneratorsCoverEveryKind() =>
        Assert.Equal(
            LedgerEntryParser.KnownKinds.Order(StringComparer.Ordinal),
            Entries.Sample(2000).Select(e => e.Kind).Distinct().Order(StringComparer.Ordinal));

    [Property(MaxTest = 500)]
    public Property EveryEntryReadsBackFromItsCanonicalBytes() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();

            LedgerEntry parsed = LedgerEntryParser.Parse(bytes);

            Assert.Equal(c.Entry.GetType(), parsed.GetType());
            Assert.Equal(bytes, parsed.ToCanonicalJson());
            Assert.Equal(c.Entry, parsed);
            Assert.True(LedgerEntryParser.TryParse(bytes, out LedgerEntry? again, out string? error), error);
            Assert.Equal(c.Entry, again);
        });

    [Property(MaxTest = 300)]
    public Property NoChangedByteIsAcceptedUnlessTheResultIsCanonical() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();
            Random random = new(c.Seed);
            for (int i = 0; i < 64; i++)
            {
                int at = random.Next(bytes.Length);
                byte value = random.Next(3) == 0 ? (byte)random.Next(256) : JsonBytes[random.Next(JsonBytes.Length)];
                byte[] changed = random.Next(3) switch
                {
                    0 => [.. bytes.AsSpan(0, at), value, .. bytes.AsSpan(at + 1)],
                    1 => [.. bytes.AsSpan(0, at), value, .. bytes.AsSpan(at)],
                    _ => [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + 1)],
                };

                // Whatever is accepted is some entry's canonical bytes; whatever is refused is refused alike by both methods.
                if (LedgerEntryParser.TryParse(changed, out LedgerEntry? entry, out string? error))
                {
                    Assert.Equal(changed, entry.ToCanonicalJson());
                }
                else
                {
                    Assert.Equal(error, Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(changed)).Message);
                }
            }
        });

    [Property(MaxTest = 300)]
    public Property WhiteSpaceBetweenTokensIsRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();
            Random random = new(c.Seed);
            int[] structural = StructuralBytes(bytes);
            int at = structural[random.Next(structural.Length)] + random.Next(2); // before or after '{', '}', '[', ']', ',' or ':'
            byte space = (byte)" \t\n\r"[random.Next(4)];

            AssertNotCanonical(c.Entry, [.. bytes.AsSpan(0, at), space, .. bytes.AsSpan(at)], at);
        });

    [Property(MaxTest = 300)]
    public Property MembersOutOfOrderAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();
            List<Range> members = Members(bytes);
            int i = new Random(c.Seed).Next(members.Count - 1);
            byte[] swapped = [.. bytes.AsSpan(0, members[i].Start.Value), .. bytes.AsSpan(members[i + 1]), (byte)',', .. bytes.AsSpan(members[i]),
                .. bytes.AsSpan(members[i + 1].End.Value)];

            AssertNotCanonical(c.Entry, swapped, bytes.AsSpan().CommonPrefixLength(swapped));
        });

    [Property(MaxTest = 300)]
    public Property RepeatedMembersAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();
            List<Range> members = Members(bytes);
            Range member = members[new Random(c.Seed).Next(members.Count)];
            byte[] repeated = [.. bytes.AsSpan(0, member.End.Value), (byte)',', .. bytes.AsSpan(member), .. bytes.AsSpan(member.End.Value)];

            AssertRefused(repeated, $"field '{MemberName(bytes, member)}' appears more than once");
        });

    [Property(MaxTest = 300)]
    public Property UnknownMembersAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();
            Random random = new(c.Seed);
            List<Range> members = Members(bytes);
            string name = new[] { "extra", "Amount", "ids", "kind ", "é", string.Empty }[random.Next(6)];
            string value = new[] { "\"x\"", "1", "true", "null", "[]", "{}" }[random.Next(6)];
            int at = members[random.Next(members.Count)].Start.Value;
            byte[] added = [.. bytes.AsSpan(0, at), .. Encoding.UTF8.GetBytes($"\"{name}\":{value},"), .. bytes.AsSpan(at)];

            AssertRefused(added, $"field '{name}' is not a field of this kind of entry");
        });

    [Property(MaxTest = 200)]
    public Property NumbersOtherThanPlainIntegersAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            byte[] bytes = c.Entry.ToCanonicalJson();
            string version = new[] { "1.0", "1e0", "1E0", "1E+0", "10e-1", "1.00" }[new Random(c.Seed).Next(6)];
            int at = bytes.AsSpan().IndexOf("\"v\":1"u8) + 4;
            byte[] changed = [.. bytes.AsSpan(0, at), .. Encoding.ASCII.GetBytes(version), .. bytes.AsSpan(at + 1)];

            AssertRefused(changed, "field 'v' must be an integer");
        });

    [Property(MaxTest = 300)]
    public Property NeedlessEscapesAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            // An ASCII letter, digit or '/' of any name or string value, escaped: the same text, not the canonical bytes.
            byte[] bytes = c.Entry.ToCanonicalJson();
            Random random = new(c.Seed);
            int[] candidates = StringBytes(bytes).Where(i => char.IsAsciiLetterOrDigit((char)bytes[i]) || bytes[i] == '/').ToArray();
            int at = candidates[random.Next(candidates.Length)];
            string escape = bytes[at] == '/' && random.Next(2) == 0
                ? "\\/"
                : "\\u" + ((int)bytes[at]).ToString(random.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture);
            byte[] escaped = [.. bytes.AsSpan(0, at), .. Encoding.ASCII.GetBytes(escape), .. bytes.AsSpan(at + 1)];

            AssertNotCanonical(c.Entry, escaped, at);
        });

    [Property(MaxTest = 300)]
    public Property RequiredEscapesWrittenOtherwiseAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            // \n as \u000a, \u001f as \u001F, \" as \u0022, \\ as \u005c.
            byte[] bytes = c.Entry.ToCanonicalJson();
            (int At, int Length)[] escapes = Escapes(bytes).ToArray();
            if (escapes.Length == 0)
            {
                return;
            }

            (int at, int length) = escapes[new Random(c.Seed).Next(escapes.Length)];
            string written = Encoding.ASCII.GetString(bytes, at, length);
            string other = length == 2
                ? $"\\u{ShortEscapeValue(written[1]):x4}"
                : written.Any(char.IsAsciiHexDigitLower) ? written.ToUpperInvariant().Replace("\\U", "\\u", StringComparison.Ordinal) : written;
            if (other == written)
            {
                return; // \u0001 has no other spelling but the refused upper-case one of a hex letter, which it has not
            }

            byte[] changed = [.. bytes.AsSpan(0, at), .. Encoding.ASCII.GetBytes(other), .. bytes.AsSpan(at + length)];
            AssertNotCanonical(c.Entry, changed, bytes.AsSpan().CommonPrefixLength(changed));
        });

    [Property(MaxTest = 200)]
    public Property AmountsWithoutAllTheirDecimalsAreRefused() =>
        Prop.ForAll(EntriesAndSeeds, c =>
        {
            // "25.50" read as 25.50 but written "25.5": the amount is right, the bytes are not.
            byte[] bytes = c.Entry.ToCanonicalJson();
            foreach (Range member in Members(bytes))
            {
                string name = MemberName(bytes, member);
                string value = Encoding.UTF8.GetString(bytes.AsSpan(member)[(name.Length + 3)..]);
                if (name is "amount" or "pledged" or "maxAmount" or "capPerPeriod" && value.Contains('.', StringComparison.Ordinal) && value.EndsWith("0\"", StringComparison.Ordinal))
                {
                    int at = member.End.Value - 2;
                    AssertNotCanonical(c.Entry, [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + 1)], at);
                }
            }
        });

    [Fact]
    public void ManyUnknownMembersAreRefusedNamingTheFirstInOrdinalOrder()
    {
        byte[] bytes = new ProgramEligible("req-1", Samples.Noon, "budget-1", "program-1", "agency-1").ToCanonicalJson();
        string extra = string.Concat(Enumerable.Range(0, 40).Reverse().Select(i => $"\"x{i:00}\":{i},"));
        byte[] many = [(byte)'{', .. Encoding.ASCII.GetBytes(extra), .. bytes.AsSpan(1)];

        AssertRefused(many, "field 'x00' is not a field of this kind of entry");
    }

    [Fact]
    public void ARepeatedMemberAmongManyIsRefused()
    {
        byte[] bytes = new ProgramEligible("req-1", Samples.Noon, "budget-1", "program-1", "agency-1").ToCanonicalJson();
        string extra = string.Concat(Enumerable.Range(0, 40).Select(i => $"\"x{i:00}\":{i},")) + "\"x07\":7,";
        byte[] many = [(byte)'{', .. Encoding.ASCII.GetBytes(extra), .. bytes.AsSpan(1)];

        AssertRefused(many, "field 'x07' appears more than once");
    }

    [Theory]
    [InlineData("{\"\\ud800\":1,")]
    [InlineData("{\"b\\udc00\":1,")]
    [InlineData("{\"\xff\":1,")]
    public void AMemberNameThatIsNoTextIsRefused(string start)
    {
        byte[] bytes = new ProgramEligible("req-1", Samples.Noon, "budget-1", "program-1", "agency-1").ToCanonicalJson();
        byte[] bad = [.. Encoding.Latin1.GetBytes(start), .. bytes.AsSpan(1)];

        AssertRefused(bad, "a field name holds an invalid string (invalid UTF-8 or a lone surrogate)");
    }

    private static void AssertNotCanonical(LedgerEntry entry, byte[] bytes, int offset) =>
        AssertRefused(bytes, $"the {entry.Kind} entry is not in canonical form (RFC 8785): it differs from its canonical bytes at offset {offset}");

    private static void AssertRefused(byte[] bytes, string message)
    {
        FormatException error = Assert.Throws<FormatException>(() => LedgerEntryParser.Parse(bytes));
        Assert.Equal(message, error.Message);
        Assert.False(LedgerEntryParser.TryParse(bytes, out _, out string? reason));
        Assert.Equal(message, reason);
    }

    /// <summary>The members of a canonical entry, name to value.</summary>
    private static List<Range> Members(byte[] bytes)
    {
        Utf8JsonReader reader = new(bytes);
        List<Range> members = [];
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int start = (int)reader.TokenStartIndex;
            reader.Read();
            reader.Skip();
            members.Add(start..(int)reader.BytesConsumed);
        }

        return members;
    }

    private static string MemberName(byte[] bytes, Range member)
    {
        Utf8JsonReader reader = new(bytes.AsSpan(member));
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>The offsets of '{', '}', '[', ']', ',' and ':' outside strings.</summary>
    private static int[] StructuralBytes(byte[] bytes) =>
        Classify(bytes).Where(c => c.Kind == ByteKind.Structural).Select(c => c.At).ToArray();

    /// <summary>The offsets of unescaped bytes inside strings (names and values).</summary>
    private static int[] StringBytes(byte[] bytes) =>
        Classify(bytes).Where(c => c.Kind == ByteKind.InString).Select(c => c.At).ToArray();

    /// <summary>The escape sequences inside strings: where each starts and how long it is.</summary>
    private static IEnumerable<(int At, int Length)> Escapes(byte[] bytes) =>
        Classify(bytes).Where(c => c.Kind == ByteKind.Escape).Select(c => (c.At, bytes[c.At + 1] == 'u' ? 6 : 2));

    private static IEnumerable<(int At, ByteKind Kind)> Classify(byte[] bytes)
    {
        bool inString = false;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (inString && b == '\\')
            {
                yield return (i, ByteKind.Escape);
                i += bytes[i + 1] == 'u' ? 5 : 1;
            }
            else if (b == '"')
            {
                inString = !inString;
            }
            else if (inString)
            {
                yield return (i, ByteKind.InString);
            }
            else if ("{}[],:"u8.Contains(b))
            {
                yield return (i, ByteKind.Structural);
            }
        }
    }

    private static int ShortEscapeValue(char escape) => escape switch
    {
        'b' => '\b',
        'f' => '\f',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => escape, // '"' and '\\'
    };

    private enum ByteKind
    {
        Structural,
        InString,
        Escape,
    }
}
