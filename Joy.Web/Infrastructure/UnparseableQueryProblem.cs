using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Primitives;
using Wolverine.Http;

namespace Joy.Web.Infrastructure;

/// <summary>
/// Wolverine.Http answers a typed query value it cannot parse (<c>?limit=many</c> on an <c>int?</c>)
/// with a problem of its own ("Invalid query string value", naming the CLR type), and stops at the
/// first such value (<see cref="WolverineHttpOptions.RejectUnparseableQueryValues"/>). It is rewritten
/// into Joy's validation shape as it is written, listing every typed query value of the route that
/// does not parse, not only the first: the route's query parameters are those its OpenAPI description
/// names (<see cref="HttpChain.CreateApiDescription"/>), checked the way Wolverine's generated code
/// parses them. Checks of the values' meaning (ranges, formats of strings) are the endpoint's, which
/// runs only once every typed value parsed.
/// </summary>
internal static class UnparseableQueryProblem
{
    private const string WolverineTitle = "Invalid query string value";
    private const string WolverineParameter = "parameter";

    private static readonly ConcurrentDictionary<HttpChain, IReadOnlyList<(string Name, Type Type)>> TypedQueryValues = new();

    public static void Rewrite(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem is not { Status: StatusCodes.Status400BadRequest, Title: WolverineTitle }
            || !problem.Extensions.TryGetValue(WolverineParameter, out var refused))
        {
            return;
        }

        var query = context.HttpContext.Request.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is { } chain)
        {
            foreach (var (name, type) in TypedQueryValues.GetOrAdd(chain, Describe))
            {
                if (Problem(query[name], type) is { } message)
                {
                    errors[name] = [message];
                }
            }
        }

        // The value Wolverine refused is listed even where the description does not name it.
        if (refused?.ToString() is { Length: > 0 } parameter && !errors.ContainsKey(parameter))
        {
            errors[parameter] = [$"'{query[parameter]}' is not a valid value."];
        }

        problem.Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1"; // the status's own, as for every other 400
        problem.Title = "One or more validation errors occurred.";
        problem.Detail = null;
        problem.Extensions.Remove(WolverineParameter);
        problem.Extensions["errors"] = errors;
    }

    /// <summary>What is wrong with <paramref name="values"/> for a parameter of <paramref name="type"/>; null if it parses, is absent or empty.</summary>
    internal static string? Problem(StringValues values, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ElementType(type) is { } element)
        {
            return values.Select(value => Problem(value, element)).FirstOrDefault(message => message is not null);
        }

        // As the generated code reads it: several values of a single one are joined by commas, and
        // an empty value binds the default.
        var text = values.ToString();
        return string.IsNullOrEmpty(text) || Parses(text, type) ? null : $"'{text}' is not {Expected(type)}.";
    }

    private static IReadOnlyList<(string Name, Type Type)> Describe(HttpChain chain) =>
        chain.CreateApiDescription(chain.HttpMethods.FirstOrDefault() ?? HttpMethods.Get).ParameterDescriptions
            .Where(p => p.Source == BindingSource.Query && p.Type is not null && p.Type != typeof(string))
            .Select(p => (p.Name, p.Type!))
            .ToList();

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var argument] && typeof(IEnumerable<>).MakeGenericType(argument).IsAssignableFrom(type)
            ? argument
            : null;

    /// <summary>As Wolverine's generated code parses: enums by name ignoring case, booleans as such, the rest with the invariant culture.</summary>
    private static bool Parses(string text, Type type)
    {
        if (type == typeof(string))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return Enum.TryParse(type, text, ignoreCase: true, out _);
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(text, out _);
        }

        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        return tryParse is null || (bool)tryParse.Invoke(null, [text, CultureInfo.InvariantCulture, null])!;
    }

    private static string Expected(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
            or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        TypeCode.Boolean => "true or false",
        TypeCode.DateTime => "a date and time (ISO 8601, e.g. 2026-11-21T05:00:00Z)",
        _ when type == typeof(DateTimeOffset) => "a date and time (ISO 8601, e.g. 2026-11-21T05:00:00Z)",
        _ => $"a valid {type.Name}",
    };
}
