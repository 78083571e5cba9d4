namespace OversightLedger.Server.Api;

/// <summary>
/// Problem details for a client whose <c>Accept</c> names no JSON type (e.g. <c>application/xml</c>): ASP.NET Core's
/// writer declines those, which left a refusal as <c>text/plain</c> and made the exception handler answer a malformed
/// request with an empty 500. A refusal is always <c>application/problem+json</c> here: registered after the default
/// writer, this one is asked only when the default declined; it sets <c>Accept</c> to problem+json and has the default
/// writer write it, so the body is the same as any other client gets.
/// </summary>
internal sealed class ProblemDetailsWhateverTheAccept : IProblemDetailsWriter
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Registers the writer after the default one (call after <c>AddProblemDetails</c>).</summary>
    public static void AddTo(IServiceCollection services) => services.AddSingleton<IProblemDetailsWriter, ProblemDetailsWhateverTheAccept>();

    /// <inheritdoc/>
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.Headers.Accept != ProblemJson;

    /// <inheritdoc/>
    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        context.HttpContext.Request.Headers.Accept = ProblemJson;
        return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(context);
    }
}
