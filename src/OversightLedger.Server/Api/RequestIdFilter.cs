namespace OversightLedger.Server.Api;

/// <summary>
/// Refuses a request id that is not an id (<see cref="Identifiers"/>) before the endpoint runs, for every endpoint of the
/// group: a request id has the shape of every other id a caller chooses, so it reads back as what was sent.
/// </summary>
internal sealed class RequestIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (object? argument in context.Arguments)
        {
            if (argument is IIdempotentRequest { RequestId: { } requestId } && !Identifiers.IsValid(requestId))
            {
                return ValueTask.FromResult<object?>(Problems.Validation("requestId", Identifiers.Rule));
            }
        }

        return next(context);
    }
}
