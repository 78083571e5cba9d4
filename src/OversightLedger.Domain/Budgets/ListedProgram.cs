namespace OversightLedger.Domain.Budgets;

using OversightLedger.Domain.Money;

/// <summary>
/// What a budget must know of a program to list it or pay from it (the ring-fence): that it is open, the agency that
/// runs it and its currency, as its <c>ProgramOpened</c> entry records them.
/// </summary>
/// <param name="Program">The program id.</param>
/// <param name="Agency">The agency that opened the program.</param>
/// <param name="Currency">The program's currency.</param>
public sealed record ListedProgram(string Program, string Agency, Currency Currency);
