using System.Text.Json;
using System.Text.Json.Nodes;

namespace Joy.Application.Definitions;

internal static partial class DefinitionBody
{
    private static readonly string[] LimitationFields =
        ["cpuPeriod", "cpuQuota", "memory", "memorySwap", "pidsLimit", "blkioDeviceReadBps", "blkioDeviceWriteBps", "executionTimeout", "cpuTimeLimitMs"];

    /// <summary>
    /// Docker settings that would loosen an actor's container (see <c>ContainerHardening</c>): an actor cannot express
    /// them, and one that tries is told so by name rather than as an unknown field. Compared ignoring case.
    /// </summary>
    private static readonly HashSet<string> Unconfinable = new(StringComparer.OrdinalIgnoreCase)
    {
        "privileged", "devices", "deviceCgroupRules", "deviceRequests", "binds", "mounts", "volumes", "volumesFrom", "tmpfs",
        "networkMode", "hostNetwork", "network", "pidMode", "ipcMode", "utsMode", "usernsMode", "cgroupParent", "capAdd", "capDrop",
        "securityOpt", "user", "groupAdd", "readonlyRootfs", "sysctls", "hostConfig",
    };

    private const string UnconfinableMessage =
        "Actors cannot ask for this: every actor runs as an unprivileged user without capabilities, devices, host mounts " +
        "or the host's network (enableNetwork asks for a network of its own, where the service allows it).";

    /// <summary>The fields of an actor and their JSON types. In a PATCH every field is optional and null removes it.</summary>
    public static void CheckActor(JsonObject body, bool patch, Problems problems)
    {
        foreach (var (field, value) in body)
        {
            var at = "/" + field;
            switch (field)
            {
                case "name": RequireString(value, at, problems); break;
                case "image" or "script": Optional(value, at, problems, v => IsString(v), "a string or null"); break;
                case "command" or "outputs": Optional(value, at, problems, v => v is JsonArray a && a.All(IsString), "an array of strings or null"); break;
                case "env": Optional(value, at, problems, v => v is JsonObject o && o.All(p => IsString(p.Value)), "an object of string values or null"); break;
                case "limitation": CheckLimitation(value, at, problems); break;
                case var _ when Unconfinable.Contains(field): problems.Add(at, UnconfinableMessage); break;
                default: problems.Add(at, "Unknown field; an actor has name, image, command, script, outputs, limitation and env."); break;
            }
        }

        RequireName(body, patch, problems);
    }

    /// <summary>The fields of a state machine; <c>definition</c> is checked as ASL by the domain afterwards.</summary>
    public static void CheckStateMachine(JsonObject body, bool patch, Problems problems)
    {
        foreach (var (field, value) in body)
        {
            var at = "/" + field;
            switch (field)
            {
                case "name": RequireString(value, at, problems); break;
                case "definition": Optional(value, at, problems, v => v is JsonObject, "an Amazon States Language object"); break;
                case "limitation": CheckLimitation(value, at, problems); break;
                default: problems.Add(at, "Unknown field; a state machine has name, definition and limitation."); break;
            }
        }

        RequireName(body, patch, problems);
    }

    private static void CheckLimitation(JsonNode? value, string at, Problems problems)
    {
        if (value is null)
        {
            return;
        }

        if (value is not JsonObject limitation)
        {
            problems.Add(at, "Must be an object or null.");
            return;
        }

        foreach (var (field, member) in limitation)
        {
            var where = $"{at}/{field}";
            if (LimitationFields.Contains(field))
            {
                Optional(member, where, problems, IsInteger, "an integer or null");
            }
            else if (field == "enableNetwork")
            {
                Optional(member, where, problems, v => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False, "true, false or null");
            }
            else if (field == "ulimits")
            {
                Optional(member, where, problems, v => v is JsonArray a && a.All(u => u is JsonObject o && o.Count == 3
                    && IsString(o["name"]) && IsInteger(o["soft"]) && IsInteger(o["hard"])), "an array of {name, soft, hard} or null");
            }
            else if (Unconfinable.Contains(field))
            {
                problems.Add(where, UnconfinableMessage);
            }
            else
            {
                problems.Add(where, $"Unknown field; a limitation has {string.Join(", ", LimitationFields)}, enableNetwork and ulimits.");
            }
        }
    }

    private static void RequireName(JsonObject body, bool patch, Problems problems)
    {
        if (!patch && !body.ContainsKey("name"))
        {
            problems.Add("/name", "Required.");
        }
    }

    private static void RequireString(JsonNode? value, string at, Problems problems)
    {
        if (!IsString(value))
        {
            problems.Add(at, "Must be a string.");
        }
    }

    private static void Optional(JsonNode? value, string at, Problems problems, Func<JsonNode, bool> isValid, string expected)
    {
        if (value is not null && !isValid(value))
        {
            problems.Add(at, $"Must be {expected}.");
        }
    }

    private static bool IsString(JsonNode? value) => value?.GetValueKind() == JsonValueKind.String;

    private static bool IsInteger(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out _);
}
