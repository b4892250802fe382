using System.ComponentModel.DataAnnotations;

namespace Joy.Application.Schedules;

/// <summary>Bound from <c>Joy:Schedules</c>.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Joy:Schedules";

    /// <summary>
    /// The longest the firing agent sleeps between looks at the schedules (it wakes at the next tick when that
    /// comes sooner): how soon a new or resumed schedule and a BufferOne tick whose instance ended are noticed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromSeconds(1);
}
