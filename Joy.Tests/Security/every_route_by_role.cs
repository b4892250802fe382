using System.Net;
using System.Text;
using System.Text.Json;
using Joy.Application.Security;
using Joy.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Joy.Tests.Security;

/// <summary>
/// Every route of the service, with no credential and with each role: 401 without one, 403 below the route's role,
/// neither at or above it; and nothing written by a refused request. The table is the contract: a route added
/// without a row here (or without a role) fails.
/// </summary>
public sealed class every_route_by_role(SecuredHost host) : IClassFixture<SecuredHost>
{
    private static readonly Dictionary<string, Role?> Expected = new()
    {
        ["GET /health"] = null,
        ["GET /openapi/{documentName}.json"] = null,
        ["GET /metrics"] = Role.Reader,
        ["GET /api/v1/whoami"] = Role.Reader,
        ["GET /api/v1/Blob/{id}"] = Role.Reader,
        ["HEAD /api/v1/Blob/{id}"] = Role.Reader,
        ["GET /api/v1/Blob/All"] = Role.Reader,
        ["PUT /api/v1/Blob"] = Role.Submitter,
        ["GET /api/v1/Actor/All"] = Role.Reader,
        ["GET /api/v1/Actor/{name}"] = Role.Reader,
        ["PUT /api/v1/Actor"] = Role.Operator,
        ["PATCH /api/v1/Actor/{name}"] = Role.Operator,
        ["DELETE /api/v1/Actor/{name}"] = Role.Operator,
        ["GET /api/v1/StateMachine/All"] = Role.Reader,
        ["GET /api/v1/StateMachine/{name}"] = Role.Reader,
        ["PUT /api/v1/StateMachine"] = Role.Operator,
        ["PATCH /api/v1/StateMachine/{name}"] = Role.Operator,
        ["DELETE /api/v1/StateMachine/{name}"] = Role.Operator,
        ["PUT /api/v1/StateMachineInstance"] = Role.Submitter,
        ["GET /api/v1/StateMachineInstance/All"] = Role.Reader,
        ["GET /api/v1/StateMachineInstance/{id}"] = Role.Reader,
        ["GET /api/v1/StateMachineInstance/{id}/events"] = Role.Reader,
        ["GET /api/v1/StateMachineInstance/{id}/state"] = Role.Reader,
        ["PATCH /api/v1/StateMachineInstance/{id}"] = Role.Operator,
        ["DELETE /api/v1/StateMachineInstance/{id}"] = Role.Submitter,
        ["GET /api/v1/Schedule/All"] = Role.Reader,
        ["GET /api/v1/Schedule/NextFireTimes"] = Role.Reader,
        ["GET /api/v1/Schedule/{name}"] = Role.Reader,
        ["GET /api/v1/Schedule/{name}/history"] = Role.Reader,
        ["PUT /api/v1/Schedule"] = Role.Operator,
        ["PATCH /api/v1/Schedule/{name}"] = Role.Operator,
        ["DELETE /api/v1/Schedule/{name}"] = Role.Operator,
        ["POST /api/v1/Schedule/{name}/pause"] = Role.Operator,
        ["POST /api/v1/Schedule/{name}/resume"] = Role.Operator,
        ["POST /api/v1/Schedule/{name}/trigger"] = Role.Operator,
        ["POST /api/v1/Schedule/{name}/backfill"] = Role.Operator,
        ["GET /api/v1/Statistics"] = Role.Reader,
        ["GET /api/v1/Statistics/RunsPerMinute"] = Role.Reader,
        ["GET /api/v1/events"] = Role.Reader,
        ["GET /api/v1/events/stream"] = Role.Reader,
        ["GET /api/v1/DockerNode/All"] = Role.Reader,
        ["GET /api/v1/DockerNode/WaitingTasks"] = Role.Reader,
        ["GET /api/v1/admin/dead-letters"] = Role.Admin,
        ["POST /api/v1/admin/dead-letters/{id:guid}/replay"] = Role.Admin,
        ["GET /api/v1/admin/projections"] = Role.Admin,
        ["POST /api/v1/admin/projections/{name}/rebuild"] = Role.Admin,
        ["GET /api/v1/admin/keys"] = Role.Admin,
        ["POST /api/v1/admin/keys"] = Role.Admin,
        ["DELETE /api/v1/admin/keys/{name}"] = Role.Admin,
    };

    [Fact]
    public void the_table_names_every_route_and_each_route_its_role()
    {
        var routes = Routes().ToDictionary(r => r.Key, r => r.Role);
        routes.Keys.Order().ShouldBe(Expected.Keys.Order());
        foreach (var (key, role) in Expected)
        {
            routes[key].ShouldBe(role, key);
        }
    }

    [Fact]
    public async Task no_credential_is_401_and_a_role_below_is_403_and_nothing_is_written()
    {
        var before = await host.CountWrittenAsync();
        var refused = new List<string>();
        foreach (var (key, role) in Expected.Where(e => e.Value is not null))
        {
            var (status, body) = await SendAsync(key, credential: null);
            Check(status == HttpStatusCode.Unauthorized && Problem(body, 401), $"{key} anonymous: {(int)status} {body}", refused);
            foreach (var below in Roles.All.Where(r => r < role))
            {
                (status, body) = await SendAsync(key, host.KeyOf(below));
                Check(status == HttpStatusCode.Forbidden && Problem(body, 403) && body.Contains(role!.Value.Name(), StringComparison.Ordinal),
                    $"{key} as {below.Name()}: {(int)status} {body}", refused);
            }
        }

        refused.ShouldBeEmpty();
        (await host.CountWrittenAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_route_role_and_every_role_above_it_get_past_authorization()
    {
        var wrong = new List<string>();
        foreach (var (key, role) in Expected)
        {
            foreach (var allowed in Roles.All.Where(r => role is null || r >= role))
            {
                var (status, body) = await SendAsync(key, host.KeyOf(allowed));
                Check(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{key} as {allowed.Name()}: {(int)status} {body}", wrong);
            }
        }

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_anonymous_routes_answer_without_a_credential()
    {
        foreach (var key in Expected.Where(e => e.Value is null).Select(e => e.Key))
        {
            var (status, body) = await SendAsync(key, credential: null);
            status.ShouldBe(HttpStatusCode.OK, $"{key}: {body}");
        }
    }

    private static void Check(bool ok, string what, List<string> failures)
    {
        if (!ok)
        {
            failures.Add(what);
        }
    }

    private static bool Problem(string body, int status) =>
        JsonDocument.Parse(body).RootElement is var problem && problem.GetProperty("status").GetInt32() == status
        && problem.GetProperty("detail").GetString() is { Length: > 0 };

    private IEnumerable<(string Key, Role? Role)> Routes()
    {
        foreach (var endpoint in host.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault();
            Role? role = anonymous ? null : Roles.TryParse(policy, out var parsed) ? parsed : throw new InvalidOperationException(
                $"{endpoint.DisplayName} declares neither a role nor AllowAnonymous.");
            // A route mapped without methods (the Prometheus scrape) answers any; GET is how it is called.
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                yield return ($"{method} {endpoint.RoutePattern.RawText!.TrimEnd('/')}", role);
            }
        }
    }

    /// <summary>The route with its parameters filled in with things that do not exist, and an empty JSON body for writes.</summary>
    private async Task<(HttpStatusCode Status, string Body)> SendAsync(string key, string? credential)
    {
        var (method, pattern) = (key[..key.IndexOf(' ')], key[(key.IndexOf(' ') + 1)..]);
        var path = pattern.Replace("{id:guid}", Guid.NewGuid().ToString()).Replace("{documentName}", "v1")
            .Replace("{id}", "no-such-thing").Replace("{name}", "no-such-thing");
        using var client = credential is null ? host.Host.CreateAnonymousClient() : host.Host.CreateClient(credential);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "PUT" or "POST" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // The live feed never ends: its headers are the answer.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var body = path.EndsWith("/stream", StringComparison.Ordinal) && response.IsSuccessStatusCode
            ? ""
            : await response.Content.ReadAsStringAsync(timeout.Token);
        return (response.StatusCode, body);
    }
}
