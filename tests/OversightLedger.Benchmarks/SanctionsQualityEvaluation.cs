using System.Diagnostics;
using System.Globalization;
using OversightLedger.Sanctions;
using OversightLedger.Sanctions.Tests.TestSupport;
using Sylvan.Data.Csv;

namespace OversightLedger.Benchmarks;

/// <summary>
/// The screening quality figures of docs/BENCHMARKS.md: agreement with OFAC's own search scores on the nomenklatura
/// fixtures, false positives of the 1,000 synthetic negatives against the full SDN list, recall on names spoiled
/// (seeded) from the real list. Run with <c>dotnet run -c Release --project tests/OversightLedger.Benchmarks -- sanctions-quality</c>.
/// </summary>
internal static class SanctionsQualityEvaluation
{
    private const int OfacHitScore = 85;
    private const int MangledSample = 2000;
    private const int Seed = 16;

    public static int Run(TextWriter output)
    {
        double threshold = SanctionsIndex.DefaultThreshold;
        output.WriteLine($"threshold {threshold:0.00}");
        Fixtures(output, threshold);

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        SanctionsList sdn = OfacSdnCsvParser.ParseDirectory(SanctionsData.Path("ofac-sdn-full"));
        SanctionsIndex index = SanctionsIndex.Build(sdn);
        load.Stop();
        long retained = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"SDN: {sdn.Version.EntryCount} entries, {index.NameCount} names, parse+index {load.ElapsedMilliseconds} ms, retained {retained / 1048576.0:0.0} MiB (list and index), process working set {Environment.WorkingSet / 1048576.0:0} MiB");

        Negatives(output, index, threshold);
        Recall(output, sdn, index, threshold);
        return 0;
    }

    private static void Fixtures(TextWriter output, double threshold)
    {
        var ours = new List<double>();
        var theirs = new List<double>();
        int sameSide = 0;
        using (CsvDataReader reader = CsvDataReader.Create(SanctionsData.Path("name-matching", "nomenklatura-ofac_fixtures.csv")))
        {
            while (reader.Read())
            {
                double score = NameMatcher.Compare(reader.GetString(0), reader.GetString(1)).NameScore;
                int ofac = int.Parse(reader.GetString(2), CultureInfo.InvariantCulture);
                ours.Add(score);
                theirs.Add(Math.Max(ofac, 0));
                sameSide += (score >= threshold) == (ofac >= OfacHitScore) ? 1 : 0;
            }
        }

        output.WriteLine($"fixtures: {ours.Count} pairs, Spearman {Spearman(ours, theirs):0.000}, same side of ours {threshold:0.00} / OFAC {OfacHitScore}: {sameSide}/{ours.Count} = {(double)sameSide / ours.Count:0.000}");
        foreach (int ofacCut in new[] { 90, 95, 100 })
        {
            int agree = ours.Zip(theirs, (o, t) => (o >= threshold) == (t >= ofacCut)).Count(same => same);
            output.WriteLine($"  same side with OFAC's cut at {ofacCut}: {agree}/{ours.Count} = {(double)agree / ours.Count:0.000}");
        }

        // The OFAC cut at which our threshold agrees best, for the record.
        (int bestCut, int bestAgree) = Enumerable.Range(50, 51).Select(cut => (cut, ours.Zip(theirs, (o, t) => (o >= threshold) == (t >= cut)).Count(same => same))).MaxBy(x => x.Item2);
        output.WriteLine($"  best agreement: OFAC cut {bestCut}, {bestAgree}/{ours.Count} = {(double)bestAgree / ours.Count:0.000}");
    }

    private static void Negatives(TextWriter output, SanctionsIndex index, double threshold)
    {
        int total = 0;
        int nameOnly = 0;
        int withFeatures = 0;
        var examples = new List<string>();
        using CsvDataReader reader = CsvDataReader.Create(SanctionsData.Path("name-matching", "yente-negatives_us_small.csv"));
        while (reader.Read())
        {
            total++;
            string name = reader.GetString(0);
            DateOnly? dob = DateOnly.TryParse(reader.GetString(5), CultureInfo.InvariantCulture, out DateOnly d) ? d : null;
            IReadOnlyList<ScreeningMatch> plain = index.Screen(new ScreeningQuery(name), threshold, 1);
            IReadOnlyList<ScreeningMatch> featured = index.Screen(new ScreeningQuery(name, reader.GetString(7), dob), threshold, 1);
            nameOnly += plain.Count > 0 ? 1 : 0;
            withFeatures += featured.Count > 0 ? 1 : 0;
            if (plain.Count > 0 && examples.Count < 8)
            {
                examples.Add($"  {name} -> {plain[0].Entry.Name} {plain[0].Score:0.00} [{plain[0].Explanation.Describe()}]");
            }
        }

        output.WriteLine($"negatives: {total}, false positives name only {nameOnly} ({(double)nameOnly / total:0.000}), with nationality and date of birth {withFeatures} ({(double)withFeatures / total:0.000})");
        examples.ForEach(output.WriteLine);
    }

    private static void Recall(TextWriter output, SanctionsList sdn, SanctionsIndex index, double threshold)
    {
        var mangler = new NameMangler(Seed);
        var random = new Random(Seed);
        int kinds = NameMangler.Kinds.Count;
        int[] found = new int[kinds];
        int[] tried = new int[kinds];
        var latencies = new List<double>();
        var cpuTimes = new List<double>();
        var misses = new List<string>();
        var slowest = new List<(double Ms, string Query)>();

        // Warm the JIT first so the latencies are the steady state's.
        foreach (SanctionsEntry warm in sdn.Entries.Take(300))
        {
            index.Screen(new ScreeningQuery(warm.Name), threshold, 50);
        }

        for (int n = 0; n < MangledSample; n++)
        {
            SanctionsEntry entry = sdn.Entries[random.Next(sdn.Entries.Count)];
            int kind = n % kinds;
            string query = mangler.Mangle(entry.Name, kind);
            long start = Stopwatch.GetTimestamp();
            double cpuStart = ThreadCpuClock.NowMilliseconds();
            IReadOnlyList<ScreeningMatch> matches = index.Screen(new ScreeningQuery(query), threshold, 50);
            cpuTimes.Add(ThreadCpuClock.NowMilliseconds() - cpuStart);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            latencies.Add(elapsed);
            slowest.Add((elapsed, query));
            tried[kind]++;
            if (matches.Any(m => m.Entry.Id == entry.Id))
            {
                found[kind]++;
            }
            else if (misses.Count < 12)
            {
                misses.Add($"  [{NameMangler.Kinds[kind]}] {entry.Name} as '{query}'");
            }
        }

        output.WriteLine($"recall on {MangledSample} spoiled SDN names (seed {Seed}): {(double)found.Sum() / tried.Sum():0.000}");
        for (int k = 0; k < kinds; k++)
        {
            output.WriteLine($"  {NameMangler.Kinds[k]}: {found[k]}/{tried[k]} = {(double)found[k] / tried[k]:0.000}");
        }

        latencies.Sort();
        cpuTimes.Sort();
        output.WriteLine($"screen latency, wall clock: p50 {latencies[latencies.Count / 2]:0.000} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.000} ms, max {latencies[^1]:0.000} ms");
        output.WriteLine($"screen cost, thread CPU time: p50 {cpuTimes[cpuTimes.Count / 2]:0.000} ms, p99 {cpuTimes[(int)(cpuTimes.Count * 0.99)]:0.000} ms, max {cpuTimes[^1]:0.000} ms");
        output.WriteLine("slowest: " + string.Join(", ", slowest.OrderByDescending(s => s.Ms).Take(6).Select(s => $"'{s.Query}' {s.Ms:0.0} ms")));
        foreach ((double _, string slow) in slowest.OrderByDescending(s => s.Ms).Take(6))
        {
            long again = Stopwatch.GetTimestamp();
            for (int r = 0; r < 20; r++)
            {
                index.Screen(new ScreeningQuery(slow), threshold, 50);
            }

            output.WriteLine($"  again '{slow}': {Stopwatch.GetElapsedTime(again).TotalMilliseconds / 20:0.00} ms");
        }

        output.WriteLine("misses (first 12):");
        misses.ForEach(output.WriteLine);
    }

    private static double Spearman(List<double> x, List<double> y)
    {
        double[] rx = Ranks(x);
        double[] ry = Ranks(y);
        double mx = rx.Average();
        double my = ry.Average();
        double cov = rx.Zip(ry, (a, b) => (a - mx) * (b - my)).Sum();
        double vx = rx.Sum(a => (a - mx) * (a - mx));
        double vy = ry.Sum(b => (b - my) * (b - my));
        return cov / Math.Sqrt(vx * vy);
    }

    // Average ranks for ties, as Spearman's rho needs.
    private static double[] Ranks(List<double> values)
    {
        int[] order = [.. Enumerable.Range(0, values.Count).OrderBy(i => values[i])];
        double[] ranks = new double[values.Count];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = (i + j) / 2.0 + 1;
            }

            i = j + 1;
        }

        return ranks;
    }
}
