using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace Joy.Web.Infrastructure;

/// <summary>
/// Wolverine.Http answers a JSON body it cannot read with a problem of its own ("Invalid JSON
/// format", the serializer's message naming Joy's CLR type). Every other route answers malformed
/// JSON as a validation problem naming where (<see cref="JoyExceptionHandler"/>), so it is rewritten
/// into that one shape as it is written: a client sees the same 400 whichever route it called.
/// </summary>
internal static partial class UnreadableBodyProblem
{
    private const string WolverineTitle = "Invalid JSON format";

    public static void Rewrite(ProblemDetails problem)
    {
        if (problem is not { Status: StatusCodes.Status400BadRequest, Title: WolverineTitle })
        {
            return;
        }

        var path = problem.Detail is { } detail && PathPattern().Match(detail) is { Success: true } match ? match.Groups[1].Value : null;
        var malformed = JoyExceptionHandler.MalformedJson(path, Number(problem, "lineNumber"), Number(problem, "bytePositionInLine"));
        problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1"; // the status's own, as for every other 400
        problem.Title = malformed.Title;
        problem.Detail = null;
        problem.Extensions.Remove("lineNumber");
        problem.Extensions.Remove("bytePositionInLine");
        problem.Extensions["errors"] = malformed.Errors;
    }

    private static long? Number(ProblemDetails problem, string name) =>
        problem.Extensions.TryGetValue(name, out var value) && long.TryParse(value?.ToString(), out var number) ? number : null;

    [GeneratedRegex(@"Path: (\S+) \|")]
    private static partial Regex PathPattern();
}
