namespace OversightLedger.Domain.Counterparties;

/// <summary>What a counterparty is to the agency that registers it (written as in <see cref="CounterpartyKinds"/>).</summary>
public enum CounterpartyKind
{
    /// <summary><c>implementing-partner</c>: an organisation that runs part of a program.</summary>
    ImplementingPartner = 1,

    /// <summary><c>vendor</c>: a supplier of goods or services.</summary>
    Vendor = 2,

    /// <summary><c>financial-service-provider</c>: a bank, mobile-money operator or money transfer agent.</summary>
    FinancialServiceProvider = 3,

    /// <summary><c>organisation-payee</c>: any other organisation paid.</summary>
    OrganisationPayee = 4,
}
