using System.Text.Json.Nodes;
using Joy.Domain.Instances;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// The body POSTed when an instance ends: <c>{id, name, status, output}</c> when it succeeded,
/// <c>{id, name, status, error, cause}</c> when it failed, <c>{id, name, status, cause}</c> (the
/// reason) when it was cancelled.
/// </summary>
public static class CallbackPayload
{
    public static JsonObject For(string instanceId, string name, object ended)
    {
        var payload = new JsonObject { ["id"] = instanceId, ["name"] = name };
        switch (ended)
        {
            case InstanceSucceeded succeeded:
                payload["status"] = "Succeeded";
                payload["output"] = succeeded.Output?.DeepClone();
                break;
            case InstanceFailed failed:
                payload["status"] = "Failed";
                payload["error"] = failed.Error;
                payload["cause"] = failed.Cause;
                break;
            case InstanceCancelled cancelled:
                payload["status"] = "Cancelled";
                payload["cause"] = cancelled.Reason;
                break;
            default:
                throw new ArgumentException($"{ended.GetType().Name} does not end an instance.", nameof(ended));
        }

        return payload;
    }
}
