using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OversightLedger.Domain.Beneficiaries;
using OversightLedger.Domain.Collections;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Programs;
using OversightLedger.Domain.Replay;
using OversightLedger.Domain.Tests.TestSupport;

namespace OversightLedger.Domain.Tests.Programs;

/// <summary>
/// Issue 17 (the memory of the server that fills the log): a program's base is hashed while it is produced and then
/// streamed to the store from the merged arrays, never held whole as bytes. The bytes are those of the first encoder
/// (a copy of it below), so stored bases stay readable; they are named by their SHA-256; writing them allocates no copy;
/// and bytes that come out other than they were named are refused before their end.
/// </summary>
public class ProgramBaseStreamingTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(700, 2_500)]
    [InlineData(3_000, 9_000)]
    public void The_streamed_base_is_the_first_encoders_bytes_named_by_their_sha256(int enrolled, int disbursed)
    {
        const string programId = LedgerScenario.ProgramId;
        (LedgerScenario s, BeneficiaryProgram program) = Opened();
        ulong leaf = 100;
        Fill(s, program, programId, ref leaf, 0, enrolled, disbursed);

        for (int round = 0; round < 3; round++)
        {
            ProgramBase frozen = program.FreezeBase();
            Fill(s, program, programId, ref leaf, (round + 1) * 100_000, enrolled / 3, disbursed / 3); // applied while the base is frozen: not in it
            frozen.Encode();

            byte[] first = FirstEncoder(programId, frozen);
            using var streamed = new MemoryStream();
            frozen.WriteTo(streamed);
            Assert.Equal(first, streamed.ToArray());
            Assert.Equal(first, frozen.ToArray());
            Assert.Equal(first.LongLength, frozen.Length);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.AsSpan(0, first.Length - 32))), frozen.Digest);
            Assert.Equal(frozen.Digest, Convert.ToHexStringLower(first.AsSpan(first.Length - 32)));

            program.AdoptBase(frozen);
            BeneficiaryProgram restored = BeneficiaryProgram.FromLogBackedSnapshot(programId, program.ToSnapshot(leaf), first);
            Assert.Equal(program.Beneficiaries.Count, restored.Beneficiaries.Count);
            Assert.Equal(program.DisbursementCount, restored.DisbursementCount);
            Assert.Equal(program.PaidIn(Pseudonym(1), s.Period), restored.PaidIn(Pseudonym(1), s.Period));
        }
    }

    [Fact]
    public void Writing_a_base_of_megabytes_allocates_no_copy_of_it()
    {
        (LedgerScenario s, BeneficiaryProgram program) = Opened();
        ulong leaf = 100;
        Fill(s, program, LedgerScenario.ProgramId, ref leaf, 0, 40_000, 40_000);
        ProgramBase frozen = program.FreezeBase();
        frozen.Encode();
        using var counting = new MemoryStream(new byte[frozen.Length], writable: true);
        frozen.WriteTo(Stream.Null); // once, so what the first call sets up is not counted

        long before = GC.GetAllocatedBytesForCurrentThread();
        frozen.WriteTo(counting);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(frozen.Length, 3_000_000, long.MaxValue);
        Assert.Equal(frozen.Length, counting.Position);
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void A_base_whose_bytes_change_after_it_was_named_is_refused_before_its_end_and_one_not_encoded_is_not_written()
    {
        (LedgerScenario s, BeneficiaryProgram program) = Opened();
        ulong leaf = 100;
        Fill(s, program, LedgerScenario.ProgramId, ref leaf, 0, 200, 600);
        ProgramBase frozen = program.FreezeBase();
        Assert.Throws<InvalidOperationException>(() => frozen.WriteTo(Stream.Null));

        frozen.Encode();
        long[] totals = frozen.Periods.First(p => p.Merged.Keys.Count > 0).Merged.Totals;
        totals[0]++; // what a bug that changed a merged array between the two passes would do
        using var written = new MemoryStream();

        Assert.Throws<InvalidOperationException>(() => frozen.WriteTo(written));
        Assert.True(written.Length <= frozen.Length - 32, "the digest, the end of the base, was not written");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(129)]
    [InlineData(70_000)]
    public void A_frozen_id_filter_is_its_written_form_in_an_array_of_the_exact_length(int ids)
    {
        EntryIdFilter filter = EntryIdFilter.TrackingAdded();
        for (int i = 0; i < ids; i++)
        {
            filter.Add(Id("d", i));
        }

        using var written = new MemoryStream();
        using (var writer = new BinaryWriter(written, Encoding.UTF8, leaveOpen: true))
        {
            filter.Write(writer);
        }

        (byte[] frozen, int added) = filter.FreezeBase();
        Assert.Equal(written.ToArray(), frozen);
        Assert.Equal(ids, added);
    }

    /// <summary>A copy of the first <see cref="ProgramBase.Encode"/> (a growing stream, then its bytes), on the merged state.</summary>
    private static byte[] FirstEncoder(string programId, ProgramBase frozen)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("OLPBASE"u8.ToArray());
            writer.Write(ProgramBase.Version);
            writer.Write(programId);
            PseudonymSet.WriteSorted(writer, frozen.Enrolled!);
            writer.Write(frozen.EnrolmentIds.Written);
            writer.Write(frozen.DisbursementIds.Written);
            writer.Write7BitEncodedInt(frozen.Periods.Count(p => p.Merged.Keys.Count > 0));
            foreach (FrozenPeriod period in frozen.Periods.Where(p => p.Merged.Keys.Count > 0))
            {
                writer.Write(period.Period);
                PeriodTable.WriteSorted(writer, period.Merged.Keys, period.Merged.Totals);
            }
        }

        byte[] digest = SHA256.HashData(stream.GetBuffer().AsSpan(0, (int)stream.Length));
        stream.Write(digest);
        return stream.ToArray();
    }

    /// <summary>The funded scenario and its program, log-backed, replayed from its log.</summary>
    private static (LedgerScenario Scenario, BeneficiaryProgram Program) Opened()
    {
        LedgerScenario s = LedgerScenario.Funded("1000000000");
        return (s, LedgerReplay.ForProgram(BeneficiaryProgram.LogBacked(LedgerScenario.ProgramId)).ApplyAll(s.Log).Programs[LedgerScenario.ProgramId]);
    }

    /// <summary>Enrols <paramref name="enrolled"/> new pseudonyms and pays <paramref name="disbursed"/> times among them, in this and last month.</summary>
    private static void Fill(LedgerScenario s, BeneficiaryProgram program, string programId, ref ulong leaf, int first, int enrolled, int disbursed)
    {
        for (int i = first; i < first + enrolled; i++)
        {
            program.Apply(new BeneficiaryEnrolled(Id("enrol", i), s.Now, programId, Pseudonym(i)), leaf++);
        }

        string lastMonth = PaymentPeriod.Of(CapPeriod.Month, s.Now.AddMonths(-1));
        for (int i = 0; i < disbursed; i++)
        {
            var entry = new Disbursed(
                Id($"pay-{first}", i), s.Now, programId, LedgerScenario.BudgetId, "t-1", Pseudonym(first + (i % Math.Max(1, enrolled))),
                Samples.Eur("1.50"), "72010", "cash", i % 3 == 0 ? lastMonth : s.Period);
            program.Apply(entry, leaf++);
        }
    }

    private static string Id(string prefix, int i) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}");

    private static BeneficiaryPseudonym Pseudonym(int i) => BeneficiaryPseudonym.Derive(Secret, string.Create(CultureInfo.InvariantCulture, $"REF-{i}"));
}
