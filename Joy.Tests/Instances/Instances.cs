using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Joy.Tests.Instances;

/// <summary>Client calls on /api/v1/StateMachineInstance, with bounded waiting for an instance to end.</summary>
public static class Instances
{
    public const string Route = "/api/v1/StateMachineInstance";

    public static async Task<string> StartAsync(HttpClient client, JsonObject request)
    {
        using var response = await client.PutAsJsonAsync(Route, request);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"{Route}/{id}"))!;

    /// <summary>Polls until the instance is no longer Running (or <paramref name="timeout"/> passes).</summary>
    public static async Task<JsonObject> WaitAsync(HttpClient client, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var instance = await GetAsync(client, id);
            if (instance["status"]!.GetValue<string>() != "Running")
            {
                return instance;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Instance {id} still running: {instance.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }

    public static string Status(this JsonObject instance) => instance["status"]!.GetValue<string>();

    public static JsonArray Runs(this JsonObject instance) => instance["runs"]!.AsArray();
}
