using Microsoft.AspNetCore.Authentication;
using OversightLedger.Grains.Access;

namespace OversightLedger.Server.Access;

/// <summary>API-key authentication and one authorization policy per role.</summary>
internal static class AccessSetup
{
    public const string AdminPolicy = nameof(AccessRole.Admin);
    public const string DonorPolicy = nameof(AccessRole.Donor);
    public const string AgencyPolicy = nameof(AccessRole.Agency);
    public const string WatchdogPolicy = nameof(AccessRole.Watchdog);

    /// <summary>Compliance keys only: reviewing a screening hit is theirs alone, not even an admin's (separation of duties).</summary>
    public const string CompliancePolicy = nameof(AccessRole.Compliance);

    /// <summary>Agency keys only: a counterparty is registered by the agency that will pay it.</summary>
    public const string AgencyOnlyPolicy = "AgencyOnly";

    /// <summary>Any key that may screen a name ad hoc or read a counterparty: agency, compliance, admin.</summary>
    public const string ScreeningPolicy = "Screening";

    public static IServiceCollection AddApiKeyAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(AccessClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AccessClaims.Scheme, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(nameof(AccessRole.Admin)))
            .AddPolicy(DonorPolicy, p => p.RequireRole(nameof(AccessRole.Donor), nameof(AccessRole.Admin)))
            .AddPolicy(AgencyPolicy, p => p.RequireRole(nameof(AccessRole.Agency), nameof(AccessRole.Admin)))
            .AddPolicy(WatchdogPolicy, p => p.RequireRole(nameof(AccessRole.Watchdog), nameof(AccessRole.Admin)))
            .AddPolicy(CompliancePolicy, p => p.RequireRole(nameof(AccessRole.Compliance)))
            .AddPolicy(AgencyOnlyPolicy, p => p.RequireRole(nameof(AccessRole.Agency)))
            .AddPolicy(ScreeningPolicy, p => p.RequireRole(nameof(AccessRole.Agency), nameof(AccessRole.Compliance), nameof(AccessRole.Admin)));
        services.AddHostedService<AdminKeyBootstrap>();
        return services;
    }
}
