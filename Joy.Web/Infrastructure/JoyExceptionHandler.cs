using System.Text.Json;
using Joy.Application.Blobs;
using Joy.Application.EventStore;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Infrastructure;

/// <summary>
/// Maps exceptions to ProblemDetails. Request errors say what was wrong with the request; anything
/// unexpected is a 500 that carries only the trace id, and is logged here with its stack.
/// </summary>
internal sealed class JoyExceptionHandler(IProblemDetailsService problemDetails, ILogger<JoyExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read a body.
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var problem = Translate(exception);
        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else
        {
            logger.LogDebug(exception, "Request rejected with {Status}", problem.Status);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    /// <summary>The response for <paramref name="exception"/>; internal for the tests.</summary>
    internal static ProblemDetails Translate(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
        JsonException json => MalformedJson(json),
        // Kestrel's and the router's own messages describe the request, not the server.
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad =>
            Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", bad.Message),
        BadHttpRequestException bad => Problem(bad.StatusCode, "Bad request", bad.Message),
        BlobTooLargeException tooLarge => Problem(
            StatusCodes.Status413PayloadTooLarge, "Blob too large", $"Blobs are limited to {tooLarge.MaxSizeBytes} bytes; nothing was stored."),
        BlobNotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Blob not found", $"There is no blob {notFound.Id}."),
        BlobUploadExpiredException expired => Problem(StatusCodes.Status408RequestTimeout, "Upload too slow", expired.Message),
        InvalidBlobIdException => new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["id"] = [$"{BlobId.FormatDescription}."] })
        {
            Status = StatusCodes.Status400BadRequest,
        },
        WrongExpectedVersionException stale => Problem(StatusCodes.Status409Conflict, "Concurrency conflict",
            $"'{stale.StreamId}' is at version {stale.ActualVersion}, not {stale.Expected}: it changed meanwhile; reload and retry.", new()
            {
                ["streamId"] = stale.StreamId,
                ["expectedVersion"] = stale.Expected.ToString(),
                ["actualVersion"] = stale.ActualVersion,
            }),
        StreamArchivedException archived => Problem(StatusCodes.Status409Conflict, "Stream archived",
            $"'{archived.StreamId}' is archived: readable, but closed for changes."),
        DuplicateEventIdException reused => Problem(StatusCodes.Status409Conflict, "Event id reused",
            $"An event id sent for '{reused.StreamId}' was already used by a different request."),
        _ => Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred", "See the server log for this trace id."),
    };

    private static HttpValidationProblemDetails MalformedJson(JsonException json) =>
        MalformedJson(json.Path, json.LineNumber, json.BytePositionInLine);

    /// <summary>Malformed JSON or a value of the wrong type, named by its JSON path and position.</summary>
    internal static HttpValidationProblemDetails MalformedJson(string? path, long? line, long? bytePosition)
    {
        var where = line is { } at ? $" at line {at + 1}, byte {bytePosition + 1}" : "";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [path ?? "$"] = [$"The JSON is malformed or a value has the wrong type{where}."],
        })
        {
            Status = StatusCodes.Status400BadRequest,
        };
    }

    private static ProblemDetails Problem(int status, string title, string detail, Dictionary<string, object?>? extensions = null) =>
        new() { Status = status, Title = title, Detail = detail, Extensions = extensions ?? [] };
}
