namespace OversightLedger.Domain.Decisions;

/// <summary>A refused command: a stable machine code (see <see cref="RejectionCode"/>) and a message for people.</summary>
/// <param name="Code">The stable code, e.g. <c>insufficient-released-funds</c>.</param>
/// <param name="Message">What was refused and why, in words.</param>
public sealed record DomainRejection(string Code, string Message);
