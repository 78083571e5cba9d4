using FsCheck;
using FsCheck.Fluent;

namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>
/// FsCheck generators for proof cases. Tree sizes are bounded to 1..<see cref="MaxSize"/>, uniformly
/// most of the time and otherwise next to a power of two (2^k − 1, 2^k, 2^k + 1), where the shape of a
/// tree changes; indices and old sizes are uniform with extra weight on the edges.
/// </summary>
internal static class ProofGenerators
{
    public const int MaxSize = 3000;

    public static Gen<int> Sizes { get; } = Gen.Frequency(
        (3, Gen.Choose(1, MaxSize)),
        (1, from k in Gen.Choose(0, 11)
            from delta in Gen.Choose(-1, 1)
            select Math.Clamp((1 << k) + delta, 1, MaxSize)));

    public static Gen<int> Seeds { get; } = Gen.Choose(0, 1 << 30);

    public static Arbitrary<InclusionCase> InclusionCases { get; } =
        (from size in Sizes
         from index in Gen.Frequency(
             (4, Gen.Choose(0, size - 1)),
             (1, Gen.Elements(0, size - 1, size / 2)))
         from seed in Seeds
         select new InclusionCase(size, index, seed)).ToArbitrary();

    public static Arbitrary<ConsistencyCase> ConsistencyCases { get; } =
        (from newSize in Sizes
         from oldSize in Gen.Frequency(
             (4, Gen.Choose(1, newSize)),
             (1, Gen.Elements(1, newSize, Math.Max(1, newSize - 1))),
             (1, Gen.Choose(0, 11).Select(k => Math.Min(1 << k, newSize))))
         from seed in Seeds
         select new ConsistencyCase(oldSize, newSize, seed)).ToArbitrary();
}
