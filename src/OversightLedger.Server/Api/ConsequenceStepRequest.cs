namespace OversightLedger.Server.Api;

/// <summary>
/// One step of a budget's consequence ladder as the API takes it: the <c>failedReviews</c>-th failed or missed review of the
/// budget applies <c>action</c> (<c>pause-next-tranche</c> or <c>freeze-unreleased</c>, by name).
/// </summary>
internal sealed record ConsequenceStepRequest(int FailedReviews, string Action);
