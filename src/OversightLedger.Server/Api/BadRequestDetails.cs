using Microsoft.AspNetCore.Http.Metadata;

namespace OversightLedger.Server.Api;

/// <summary>Gives a malformed request (bad JSON, a wrong type, a missing body, too large) a problem type and a useful detail.</summary>
internal static class BadRequestDetails
{
    public static void Describe(ProblemDetailsContext context)
    {
        Exception? error = context.Exception ?? context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            context.ProblemDetails.Status = bad.StatusCode;
            context.HttpContext.Response.StatusCode = bad.StatusCode;
            bool missingField = bad.InnerException?.Message.Contains("missing required properties", StringComparison.Ordinal) == true;
            context.ProblemDetails.Type = Problems.TypeBase + (bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "too-large" : missingField ? "validation" : "malformed-request");
            context.ProblemDetails.Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.";
            context.ProblemDetails.Detail = (bad.InnerException?.Message ?? bad.Message).Split('\n')[0];
        }
        else if (error is null && context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel refused the body before the endpoint saw an exception (e.g. a JSON endpoint whose
            // Content-Length is over the limit): the same problem type as when the exception reaches us.
            context.ProblemDetails.Type = Problems.TypeBase + "too-large";
            context.ProblemDetails.Title = "The request body is too large.";
        }
    }
}
