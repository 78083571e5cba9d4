namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>A random inclusion-proof case: leaf <paramref name="Index"/> of a tree of <paramref name="Size"/> entries made from <paramref name="Seed"/>.</summary>
internal sealed record InclusionCase(int Size, int Index, int Seed);
