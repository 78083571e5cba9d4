using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OversightLedger.Server.Api;

/// <summary>How a request body is read, and how a malformed one is answered: strictly, in plain words, as problem details.</summary>
internal static class StrictRequestsSetup
{
    public static IServiceCollection AddStrictRequests(this IServiceCollection services)
    {
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = BadRequestDetails.Describe);
        ProblemDetailsWhateverTheAccept.AddTo(services);
        services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);

        // A malformed request is the client's error: answered with its problem (BadRequestDetails), logged once by the
        // request log at Information, not as an unhandled exception with a stack trace.
        services.Configure<ExceptionHandlerOptions>(handler => handler.SuppressDiagnosticsCallback = failure => failure.Exception is BadHttpRequestException);
        services.ConfigureHttpJsonOptions(json =>
        {
            // A request names every required field, once, with the right type, and nothing else; no array holds a null.
            json.SerializerOptions.RespectNullableAnnotations = true;
            json.SerializerOptions.RespectRequiredConstructorParameters = true;
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.AllowDuplicateProperties = false;
            json.SerializerOptions.TypeInfoResolver = JsonTypeInfoResolver.WithAddedModifier(
                json.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver(), NullArrayElements.Refuse);
        });
        return services;
    }
}
