using OversightLedger.Domain.Counterparties;
using OversightLedger.Domain.Entries;
using OversightLedger.Domain.Licences;
using OversightLedger.Domain.Money;
using OversightLedger.Reporting.Model;

namespace OversightLedger.Reporting.Building;

/// <summary>
/// The licences section (issue 16): the licence entries are applied as the ledger's <see cref="LicenceRegime"/> does, and
/// each disbursement of the quarter into a sanctioned jurisdiction is counted under the licence that covered it (the
/// same rule and the same choice of licence as <c>oversight replay</c>). A log without licences adds nothing.
/// </summary>
public sealed partial class QuarterlyReportBuilder
{
    private readonly LicenceRegime _licenceRegime = new();
    private readonly Dictionary<string, CounterpartyKind> _counterpartyKinds = new(StringComparer.Ordinal);

    // Only counterparties whose latest screening is a hit: the list it is on, which a licence's excluded lists judge.
    private readonly Dictionary<string, string> _counterpartyHitLists = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Licence, Currency Currency), (long Payments, long Units)> _paidUnderLicence = [];

    /// <summary>What the licence rule needs from an entry before the quarter's end: licence entries, counterparty kinds and hits.</summary>
    private void NoteLicenceFacts(LedgerEntry entry)
    {
        if (LicenceRegime.Concerns(entry))
        {
            _licenceRegime.Apply(entry);
        }
        else if (entry is CounterpartyRegistered registered)
        {
            _counterpartyKinds.TryAdd(registered.Counterparty, registered.CounterpartyKind);
        }
        else if (entry is CounterpartyScreened screened)
        {
            if (Counterparty.HitListOf(screened) is { } hitList)
            {
                _counterpartyHitLists[screened.Counterparty] = hitList;
            }
            else
            {
                _counterpartyHitLists.Remove(screened.Counterparty);
            }
        }
    }

    /// <summary>Counts a disbursement of the quarter under the licence that covered it, if it needed one and one did.</summary>
    private void CountUnderLicence(Disbursed disbursed, BudgetState budget)
    {
        if (_licenceRegime.Licences.Count == 0)
        {
            return;
        }

        CounterpartyKind? kind = disbursed.Counterparty is { } id && _counterpartyKinds.TryGetValue(id, out CounterpartyKind known) ? known : null;
        string? hitList = disbursed.Counterparty is { } named ? _counterpartyHitLists.GetValueOrDefault(named) : null;
        if (_licenceRegime.CheckDisbursement(disbursed.Budget, budget.Terms.Country, disbursed.Sector, disbursed.Counterparty, kind, disbursed.Time, hitList).Licence
            is { } licence)
        {
            (long payments, long units) = _paidUnderLicence.GetValueOrDefault((licence, disbursed.Amount.Currency));
            _paidUnderLicence[(licence, disbursed.Amount.Currency)] = (payments + 1, checked(units + disbursed.Amount.MinorUnits));
        }
    }

    private List<LicenceReport>? BuildLicences() =>
        _licenceRegime.Licences.Count == 0
            ? null
            : [.. _licenceRegime.Licences.Values.Select(l => new LicenceReport(
                l.Id, l.Recorded.Authority, l.Recorded.Reference, l.Countries, l.Issued, l.Expires, l.Amendments.Count, new NameSet(l.Budgets),
                [
                    .. _paidUnderLicence.Where(p => p.Key.Licence == l.Id).OrderBy(p => p.Key.Currency.Code, StringComparer.Ordinal)
                        .Select(p => new LicencePayments(p.Value.Payments, new Money(p.Key.Currency, p.Value.Units))),
                ]))];
}
