using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace Joy.Application.Instances.Reactors;

/// <summary>
/// The callback's error policy: after failed attempt n, the next one comes
/// <see cref="CallbackOptions.DelayAfter"/>(n) later, as a durable scheduled message; a final
/// failure (the last attempt, or a refused host) goes to the dead letters.
/// </summary>
public sealed class CallbackRetries(Func<CallbackOptions> options) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        var callbacks = options();
        var delays = Enumerable.Range(1, Math.Max(1, callbacks.MaxAttempts - 1)).Select(callbacks.DelayAfter).ToArray();
        foreach (var chain in chains.Where(c => c.MessageType == typeof(CallbackDue)))
        {
            chain.OnException<CallbackNotDeliveredException>(e => e.Final).MoveToErrorQueue();
            chain.OnException<CallbackNotDeliveredException>(e => !e.Final).ScheduleRetryIndefinitely(delays);
        }
    }
}
