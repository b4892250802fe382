using Joy.Application.Execution;

namespace Joy.Tests.Executor;

/// <summary>Builds run requests for the executor tests.</summary>
public static class Requests
{
    public static ActorRunRequest Script(string script, IActorOutputSink? sink = null, params string[] outputs) => new()
    {
        RunId = $"run-{Guid.NewGuid():N}",
        InstanceId = "instance-test",
        Actor = new ActorSpec { Name = "test", Script = script, Outputs = outputs },
        OutputSink = sink ?? new MemorySink(),
    };

    public static ActorRunRequest Command(params string[] argv) => new()
    {
        RunId = $"run-{Guid.NewGuid():N}",
        Actor = new ActorSpec { Name = "test", Command = argv },
        OutputSink = new MemorySink(),
    };

    public static ActorRunRequest On(this ActorRunRequest request, string node) =>
        request with { PreferredNodes = [node], ExcludedNodes = request.ExcludedNodes };

    public static ActorRunRequest Only(this ActorRunRequest request, string node, IEnumerable<string> allNodes) =>
        request with { PreferredNodes = [node], ExcludedNodes = allNodes.Where(each => each != node).ToList() };

    public static string LogText(this ActorRunResult result) => System.Text.Encoding.UTF8.GetString(result.Log);
}
