namespace OversightLedger.Reporting.Rendering;

/// <summary>
/// The fixed IATI codes the activity writer uses, each with the codelist it comes from (IATI-Codelists, version 2.03),
/// so that a check against the published lists knows which list to look in.
/// </summary>
internal static class IatiCodes
{
    /// <summary>The IATI standard version the files declare (<c>iati-activities/@version</c>).</summary>
    public const string StandardVersion = "2.03";

    /// <summary>ResultType 2: outcome (a tranche's benchmarks are the outcomes its release answers).</summary>
    public const string ResultOutcome = "2";

    /// <summary>IndicatorMeasure 1: unit.</summary>
    public const string MeasureUnit = "1";

    /// <summary>IndicatorMeasure 2: percentage (a benchmark whose unit is <c>percent</c>).</summary>
    public const string MeasurePercentage = "2";

    /// <summary>Codelist names, as in each codelist file's <c>name</c> attribute.</summary>
    public static class Lists
    {
        public const string ActivityStatus = "ActivityStatus";
        public const string Country = "Country";
        public const string Currency = "Currency";
        public const string OrganisationRole = "OrganisationRole";
        public const string OrganisationType = "OrganisationType";
        public const string Sector = "Sector";
        public const string SectorVocabulary = "SectorVocabulary";
        public const string TransactionType = "TransactionType";
    }

    /// <summary>ActivityStatus 2, Implementation: a budget that is open and not frozen.</summary>
    public const string ActivityImplementation = "2";

    /// <summary>ActivityStatus 6, Suspended: a budget frozen by snap-back at the end of the quarter.</summary>
    public const string ActivitySuspended = "6";

    /// <summary>
    /// ActivityDateType 2, Actual start: the day the budget was opened. (ActivityDateType is a core IATI list that the
    /// validation kit does not ship; the code is from the published list: 1 planned start, 2 actual start, 3 planned end,
    /// 4 actual end.)
    /// </summary>
    public const string ActivityDateActualStart = "2";

    /// <summary>OrganisationRole 1, Funding: the donor.</summary>
    public const string RoleFunding = "1";

    /// <summary>OrganisationRole 4, Implementing: the agencies running the eligible programs.</summary>
    public const string RoleImplementing = "4";

    /// <summary>SectorVocabulary 1: OECD DAC CRS purpose codes (5 digit).</summary>
    public const string SectorVocabularyDac5 = "1";

    /// <summary>OrganisationType 90, Other: the default type of the reporting organisation.</summary>
    public const string OrganisationTypeOther = "90";

    /// <summary>TransactionType 1, Incoming Funds.</summary>
    public const string TransactionIncomingFunds = "1";

    /// <summary>TransactionType 2, Outgoing Commitment.</summary>
    public const string TransactionOutgoingCommitment = "2";

    /// <summary>TransactionType 3, Disbursement.</summary>
    public const string TransactionDisbursement = "3";
}
