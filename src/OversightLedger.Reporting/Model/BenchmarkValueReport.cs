namespace OversightLedger.Reporting.Model;

/// <summary>A verifier's counted value of a defined benchmark.</summary>
/// <param name="Verifier">The verifier's key principal.</param>
/// <param name="Group">The group it was registered in.</param>
/// <param name="Value">The measured value.</param>
/// <param name="VerifiedOn">The date of the verification.</param>
/// <param name="Leaf">The leaf index of its <c>BenchmarkVerified</c> entry.</param>
public sealed record BenchmarkValueReport(string Verifier, string Group, decimal Value, DateOnly VerifiedOn, ulong Leaf);
