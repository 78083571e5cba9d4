using Microsoft.Extensions.DependencyInjection.Extensions;
using OversightLedger.Grains.AuditLog;
using OversightLedger.Grains.Witnesses;
using OversightLedger.Server.Hosting;
using OversightLedger.Storage.Posix;
using OversightLedger.Transparency.Checkpoints;

namespace OversightLedger.Server.Witnesses;

/// <summary>
/// Registers the cosignature store, for the <c>/log/</c> endpoints and for grains (as <see cref="ICosignatureStore"/>),
/// and where it keeps its notes: files under <c>data/witness/</c> unless the profile registered its own
/// <see cref="ICosignatureFiles"/> first (the azure profile: blobs every silo shares). With a <c>Witnesses</c> list in
/// configuration it also runs <see cref="WitnessSubmissionService"/>, which submits each new checkpoint to those
/// witnesses; the list is checked here, so a bad URL or key stops the server at start with its entry named.
/// </summary>
internal static class WitnessingSetup
{
    public static IServiceCollection AddWitnessing(this IServiceCollection services, IConfiguration configuration)
    {
        ConfiguredWitness[] witnesses = ReadWitnesses(configuration);
        WitnessSubmissionOptions submission = configuration.GetSection(WitnessSubmissionOptions.Section).Get<WitnessSubmissionOptions>() ?? new WitnessSubmissionOptions();
        if (submission.PollInterval <= TimeSpan.Zero || submission.FirstRetryDelay <= TimeSpan.Zero || submission.MaxRetryDelay < submission.FirstRetryDelay
            || submission.RequestTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"{WitnessSubmissionOptions.Section}: PollInterval, FirstRetryDelay and RequestTimeout must be positive and MaxRetryDelay at least FirstRetryDelay.");
        }

        if (witnesses.Length > 0)
        {
            services.AddHostedService(provider => new WitnessSubmissionService(
                provider.GetRequiredService<AuditLogStore>(),
                provider.GetRequiredService<CosignatureStore>(),
                witnesses,
                submission,
                TimeProvider.System,
                provider.GetRequiredService<ILogger<WitnessSubmissionService>>()));
        }

        services.TryAddSingleton<ICosignatureFiles>(provider =>
            new FileCosignatureFiles(Path.Combine(provider.GetRequiredService<ServerOptions>().DataDirectory, "witness")));
        services.AddSingleton(provider => new CosignatureStore(
            provider.GetRequiredService<AuditLogStore>(), provider.GetRequiredService<IGrainFactory>(), provider.GetRequiredService<ICosignatureFiles>()));
        services.AddSingleton<ICosignatureStore>(provider => provider.GetRequiredService<CosignatureStore>());
        return services;
    }

    /// <summary>The <c>Witnesses</c> list, each entry checked (an absolute http(s) URL, a cosignature/v1 key, no key twice).</summary>
    private static ConfiguredWitness[] ReadWitnesses(IConfiguration configuration)
    {
        ConfiguredWitness[] witnesses = configuration.GetSection("Witnesses").Get<ConfiguredWitness[]>() ?? [];
        var keys = new HashSet<(string, uint)>();
        for (int i = 0; i < witnesses.Length; i++)
        {
            ConfiguredWitness witness = witnesses[i];
            if (!Uri.TryCreate(witness.Url, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                throw new InvalidOperationException($"Witnesses:{i}:Url '{witness.Url}' is not an absolute http or https URL.");
            }

            CosignatureVerifier key;
            try
            {
                key = new CosignatureVerifier(witness.VerifierKey.Trim());
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"Witnesses:{i}:VerifierKey is not a cosignature/v1 verifier key (<name>+<8 hex>+<base64>, made with 'oversight witness keygen'): {e.Message}", e);
            }

            if (!keys.Add((key.Name, key.KeyHash)))
            {
                throw new InvalidOperationException($"Witnesses:{i}: the key {key.Name}+{key.KeyHash:x8} is configured twice.");
            }
        }

        return witnesses;
    }
}
