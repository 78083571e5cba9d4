using Hangfire.Dashboard;
using OversightLedger.Server.Access;

namespace OversightLedger.Server.Jobs;

/// <summary>
/// The Hangfire dashboard's own check, behind the endpoint's admin policy: every dashboard request, its pages and its
/// POST actions (retry, delete, trigger) alike, is made with an admin key; anyone else is refused (401 without a key,
/// 403 with another role's).
/// </summary>
internal sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsAdmin();
}
