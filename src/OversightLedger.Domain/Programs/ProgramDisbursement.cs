namespace OversightLedger.Domain.Programs;

/// <summary>What a <see cref="BeneficiaryProgram"/> keeps of one committed disbursement: its facts and its leaf index.</summary>
/// <param name="Facts">The fields of its Disbursed entry.</param>
/// <param name="LeafIndex">The entry's index in the log.</param>
internal readonly record struct ProgramDisbursement(DisbursementFacts Facts, ulong LeafIndex);
