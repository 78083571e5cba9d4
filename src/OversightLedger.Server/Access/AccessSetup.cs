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

    public static IServiceCollection AddApiKeyAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddAuthentication(AccessClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AccessClaims.Scheme, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, p => p.RequireRole(nameof(AccessRole.Admin)))
            .AddPolicy(DonorPolicy, p => p.RequireRole(nameof(AccessRole.Donor), nameof(AccessRole.Admin)))
            .AddPolicy(AgencyPolicy, p => p.RequireRole(nameof(AccessRole.Agency), nameof(AccessRole.Admin)))
            .AddPolicy(WatchdogPolicy, p => p.RequireRole(nameof(AccessRole.Watchdog), nameof(AccessRole.Admin)));
        services.AddHostedService<AdminKeyBootstrap>();
        return services;
    }
}
