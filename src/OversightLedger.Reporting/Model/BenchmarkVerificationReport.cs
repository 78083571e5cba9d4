namespace OversightLedger.Reporting.Model;

/// <summary>A recorded independent verification of a tranche's benchmark (a <c>BenchmarkVerified</c> entry).</summary>
/// <param name="Benchmark">The benchmark id.</param>
/// <param name="Verifier">Who verified it.</param>
/// <param name="EvidenceSha256">The SHA-256 of the evidence file, 64 lower-case hex digits.</param>
/// <param name="VerifiedOn">The date of the verification, as the verifier stated it.</param>
/// <param name="RecordedAt">When the entry was recorded (UTC).</param>
/// <param name="Leaf">The entry's leaf index.</param>
public sealed record BenchmarkVerificationReport(
    string Benchmark, string Verifier, string EvidenceSha256, DateOnly VerifiedOn, DateTimeOffset RecordedAt, ulong Leaf);
