using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Snapshots;
using OversightLedger.Domain.Tests.Collections;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// Issue 17, restoring a program on its stored base in well under a second at 10M entries: the base's pseudonyms are read
/// in place from the one array the base was read into (no copy, no 100 MB left behind as garbage), and a snapshot's
/// changed totals are applied by sorting them and walking them beside the base's sorted arrays (no search per change).
/// Same state as before; anything cut, repeated or unordered is still refused.
/// </summary>
public class ProgramBaseReadTests
{
    [Property(MaxTest = 300)]
    public void Changes_applied_beside_a_base_read_in_place_give_the_totals_count_and_sum_of_a_dictionary(
        (byte Key, sbyte Units)[] onBase, (byte Key, sbyte Units)[] changes)
    {
        var table = new PeriodTable();
        var expected = new Dictionary<PseudonymBits, long>();
        foreach ((byte key, sbyte units) in onBase ?? [])
        {
            Add(table, expected, PseudonymSetTests.Bits(key % 60), units);
        }

        table.Compact();
        if (table.Count == 0)
        {
            return; // an empty period is not in a base
        }

        byte[] baseBytes = Written(writer => PeriodTable.WriteSorted(writer, new([.. table.Select(e => e.Key).Order(SortedPseudonyms.Comparer)]), [.. table.OrderBy(e => e.Key, SortedPseudonyms.Comparer).Select(e => e.Value)]));
        foreach ((byte key, sbyte units) in changes ?? [])
        {
            Add(table, expected, PseudonymSetTests.Bits(key % 80), units);
        }

        byte[] changeBytes = Written(table.WriteChanges);
        PeriodTable read = PeriodTable.ReadSorted(InPlace(baseBytes));
        if (expected.Count == 0)
        {
            Assert.Throws<InvalidDataException>(() => read.ReadChanges(new BinaryReader(new MemoryStream(changeBytes))));
            return;
        }

        long sum = read.ReadChanges(new BinaryReader(new MemoryStream(changeBytes)));
        Assert.Equal(expected.Values.Sum(), sum);
        Assert.Equal(sum, read.Sum());
        Assert.Equal(expected.Count, read.Count);
        Assert.All(Enumerable.Range(0, 90), k => Assert.Equal(expected.GetValueOrDefault(PseudonymSetTests.Bits(k)), read.Get(PseudonymSetTests.Bits(k))));
        Assert.Equal(expected.OrderBy(e => e.Key, SortedPseudonyms.Comparer), read.OrderBy(e => e.Key, SortedPseudonyms.Comparer));
    }

    [Fact]
    public void A_change_twice_a_zero_that_hides_nothing_or_cut_changes_are_refused()
    {
        PseudonymBits one = PseudonymSetTests.Bits(1), two = PseudonymSetTests.Bits(2), three = PseudonymSetTests.Bits(3);
        byte[] onBase = Written(writer => PeriodTable.WriteSorted(writer, new([one, two]), [5, 6]));

        Assert.Equal(5 + 7 + 9, Changed(onBase, [three, two], [9, 7]));
        Assert.Equal(6, Changed(onBase, [one], [0])); // a zero hides the base's total
        Assert.Throws<InvalidDataException>(() => Changed(onBase, [three, one, three], [1, 2, 3])); // twice
        Assert.Throws<InvalidDataException>(() => Changed(onBase, [three], [0])); // a zero over nothing
        Assert.Throws<InvalidDataException>(() => Changed(onBase, [one, two], [0, 0])); // nothing left
        byte[] changes = ChangesOf([three, two], [9, 7]);
        for (int cut = 0; cut < changes.Length; cut++)
        {
            PeriodTable table = PeriodTable.ReadSorted(InPlace(onBase));
            Refused(() => table.ReadChanges(new BinaryReader(new MemoryStream(changes[..cut]))));
        }
    }

    [Fact]
    public void Pseudonyms_are_read_in_place_from_a_visible_array_and_copied_otherwise_with_the_same_answers()
    {
        PseudonymBits[] keys = [.. Enumerable.Range(0, 3_000).Select(PseudonymSetTests.Bits).Distinct().Order(SortedPseudonyms.Comparer)];
        byte[] bytes = Written(writer => PseudonymSet.WriteSorted(writer, new(keys)));

        var inPlace = new PseudonymSet();
        inPlace.ReadSorted(InPlace(bytes));
        var copied = new PseudonymSet();
        copied.ReadSorted(new BinaryReader(new MemoryStream(bytes)));

        Assert.True(inPlace.Sorted.InPlace);
        Assert.False(copied.Sorted.InPlace);
        Assert.Equal(keys, inPlace.Sorted.Keys.ToArray());
        Assert.All(Enumerable.Range(0, 4_000), k => Assert.Equal(copied.Contains(PseudonymSetTests.Bits(k)), inPlace.Contains(PseudonymSetTests.Bits(k))));
        Assert.All(keys, key => Assert.True(inPlace.Contains(key)));
    }

    [Fact]
    public void Pseudonyms_in_place_that_are_cut_repeated_or_unordered_are_refused()
    {
        PseudonymBits one = PseudonymSetTests.Bits(1), two = PseudonymSetTests.Bits(2);
        PseudonymBits[] ascending = [.. new[] { one, two }.Order(SortedPseudonyms.Comparer)];
        byte[] bytes = Written(writer => PseudonymSet.WriteSorted(writer, new(ascending)));
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Refused(() => new PseudonymSet().ReadSorted(InPlace(bytes[..cut])));
            Refused(() => PeriodTable.ReadSorted(InPlace(Written(writer => PeriodTable.WriteSorted(writer, new(ascending), [1, 2]))[..cut])));
        }

        Assert.Throws<InvalidDataException>(() => new PseudonymSet().ReadSorted(InPlace(Written(writer => WriteRaw(writer, [ascending[1], ascending[0]])))));
        Assert.Throws<InvalidDataException>(() => new PseudonymSet().ReadSorted(InPlace(Written(writer => WriteRaw(writer, [one, one])))));
    }

    [Fact]
    public void A_base_cut_anywhere_or_with_any_flipped_byte_is_refused_and_a_whole_one_restores_in_place()
    {
        LedgerScenario s = LedgerScenario.Funded("1000000");
        BeneficiaryProgram state = BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId);
        BeneficiaryProgram program = LedgerReplay.ForProgram(state).ApplyAll(s.Log).Programs.GetValueOrDefault(state.ProgramId) ?? state;

        for (int i = 0; i < 40; i++)
        {
            program.Apply(
                new Disbursed(
                    string.Create(CultureInfo.InvariantCulture, $"d-{i}"), s.Now, LedgerScenario.ProgramId, LedgerScenario.BudgetId, "t-1", Samples.Alice,
                    Samples.Eur("1.00"), "72010", "cash", s.Period),
                (ulong)(100 + i));
        }

        program.MarkAppliedBelow(140);
        program.ForgetDisbursementsBefore(140);
        ProgramBase stored = program.FreezeBase();
        stored.Encode();
        byte[] content = stored.ToArray();
        program.AdoptBase(stored);
        program.Apply(
            new Disbursed("d-after", s.Now, LedgerScenario.ProgramId, LedgerScenario.BudgetId, "t-1", Samples.Alice, Samples.Eur("2.00"), "72010", "cash", s.Period), 140);
        program.MarkAppliedBelow(141);
        byte[] snapshot = program.ToSnapshot(141);

        BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, [.. content]);
        Assert.Equal(program.DisbursementCount, restored.DisbursementCount);
        Assert.Equal(Samples.Eur("42.00"), restored.PaidIn(Samples.Alice, s.Period));
        Assert.True(restored.IsEnrolled(Samples.Alice));
        for (int cut = 0; cut < content.Length; cut += Math.Max(1, content.Length / 97))
        {
            Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, content[..cut]));
        }

        for (int at = 0; at < content.Length; at += Math.Max(1, content.Length / 101))
        {
            byte[] flipped = [.. content];
            flipped[at] ^= 0x01;
            Assert.Throws<InvalidDataException>(() => BeneficiaryProgram.FromLogBackedSnapshot(LedgerScenario.ProgramId, snapshot, flipped));
        }
    }

    /// <summary>Refused as malformed, or (a count itself cut) as ending early: the base's reader turns both into <see cref="InvalidDataException"/>.</summary>
    private static void Refused(Action read)
    {
        Exception refused = Assert.ThrowsAny<Exception>(read);
        Assert.True(refused is InvalidDataException or EndOfStreamException, refused.ToString());
    }

    private static void Add(PeriodTable table, Dictionary<PseudonymBits, long> expected, PseudonymBits bits, long units)
    {
        long total = expected.GetValueOrDefault(bits) + units;
        if (total == 0)
        {
            expected.Remove(bits);
        }
        else
        {
            expected[bits] = total;
        }

        Assert.Equal(total, table.Add(bits, units));
    }

    private static long Changed(byte[] onBase, PseudonymBits[] keys, long[] totals) =>
        PeriodTable.ReadSorted(InPlace(onBase)).ReadChanges(new BinaryReader(new MemoryStream(ChangesOf(keys, totals))));

    private static byte[] ChangesOf(PseudonymBits[] keys, long[] totals) => Written(writer =>
    {
        writer.Write7BitEncodedInt(keys.Length);
        RawSpanCodec.Write<PseudonymBits>(writer, keys);
        RawSpanCodec.Write<long>(writer, totals);
    });

    private static void WriteRaw(BinaryWriter writer, PseudonymBits[] keys)
    {
        writer.Write7BitEncodedInt(keys.Length);
        RawSpanCodec.Write<PseudonymBits>(writer, keys);
    }

    /// <summary>A reader over the array itself, visible, as a stored base is read.</summary>
    private static BinaryReader InPlace(byte[] bytes) => new(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true));

    private static byte[] Written(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }
}
