using Joy.Application.Blobs;
using Joy.Application.Definitions;
using Joy.Application.Instances;
using Joy.Domain.Definitions;
using Joy.Domain.Schedules;

namespace Joy.Application.Schedules;

/// <summary>A schedule refused for every listed problem (HTTP 400), by field as a start request names them.</summary>
public sealed class ScheduleInvalidException(IDictionary<string, string[]> problems)
    : Exception("The schedule is invalid: " + string.Join("; ", problems.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}")))
{
    public IDictionary<string, string[]> Problems { get; } = problems;
}

/// <summary>
/// Checks a whole schedule before anything is stored, listing every problem: its name, cron and time zone,
/// overlap policy and catch-up window, and the instance it starts (as a start request is checked: the state
/// machine exists, the input is an object, the blobs are well formed and exist).
/// </summary>
public sealed class ScheduleValidation(IDefinitionReader definitions, IBlobStore blobs)
{
    public async Task ThrowIfInvalidAsync(ScheduleDefinition schedule, CancellationToken cancellationToken)
    {
        var start = StartValidation.Problems(ScheduleService.StartRequest(schedule, idempotencyKey: null));
        var problems = start.Where(p => p.Key != "name").ToDictionary(p => p.Key, p => p.Value);
        if (!DefinitionValidator.IsValidName(schedule.Name))
        {
            problems["name"] = ["A name of 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit, is required."];
        }

        foreach (var (field, messages) in CronTicks.Parse(schedule.Cron, schedule.TimeZone).Problems)
        {
            problems[field] = messages;
        }

        if (schedule.Overlap is { } overlap && !OverlapPolicy.All.Contains(overlap))
        {
            problems["overlap"] = [$"'{overlap}' is not an overlap policy: one of {string.Join(", ", OverlapPolicy.All)}."];
        }

        if (schedule.CatchupWindowSeconds < 0)
        {
            problems["catchupWindowSeconds"] = ["The catch-up window is a number of seconds, 0 or more."];
        }

        if (string.IsNullOrWhiteSpace(schedule.StateMachine))
        {
            problems["stateMachine"] = ["The state machine to start is required."];
        }
        else if (await definitions.GetStateMachineAsync(schedule.StateMachine, cancellationToken: cancellationToken) is null)
        {
            problems["stateMachine"] = [$"There is no state machine '{schedule.StateMachine}'."];
        }

        var initial = schedule.InitialBlobs ?? [];
        for (var i = 0; i < initial.Count; i++)
        {
            if (!problems.ContainsKey($"initialBlobs[{i}].id") && !await blobs.ExistsAsync(initial[i].Id!, cancellationToken))
            {
                problems[$"initialBlobs[{i}].id"] = [$"There is no blob {initial[i].Id}."];
            }
        }

        if (problems.Count > 0)
        {
            throw new ScheduleInvalidException(problems);
        }
    }
}
