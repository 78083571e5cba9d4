namespace OversightLedger.Transparency.Tests.TestSupport;

/// <summary>A random consistency-proof case: from <paramref name="OldSize"/> to <paramref name="NewSize"/> entries of a tree made from <paramref name="Seed"/>.</summary>
internal sealed record ConsistencyCase(int OldSize, int NewSize, int Seed);
