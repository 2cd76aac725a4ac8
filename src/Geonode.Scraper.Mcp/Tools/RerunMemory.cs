using System.Collections.Concurrent;
using Geonode.Scraper.Mcp.Jobs;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// What retry_failed started, by source job, for the repeat window: a model that repeats the call gets the same batch
/// instead of paying for the failures twice. Concurrent calls for one job share one start; a start that failed is
/// forgotten so that the model may try again. The memory is the process's, like the agent tools' own.
/// </summary>
internal sealed class RerunMemory(TimeProvider time, TimeSpan window)
{
    private readonly ConcurrentDictionary<string, (Lazy<Task<RerunOutcome>> Start, DateTimeOffset At)> _started = new(StringComparer.Ordinal);

    public async Task<RerunOutcome> GetOrStartAsync(string sourceJobId, Func<Task<RerunOutcome>> start)
    {
        var now = time.GetUtcNow();
        var entry = _started.AddOrUpdate(
            sourceJobId,
            _ => (new Lazy<Task<RerunOutcome>>(start), now),
            (_, existing) => now - existing.At < window ? existing : (new Lazy<Task<RerunOutcome>>(start), now));
        try
        {
            return await entry.Start.Value.ConfigureAwait(false);
        }
        catch
        {
            _started.TryRemove(new KeyValuePair<string, (Lazy<Task<RerunOutcome>>, DateTimeOffset)>(sourceJobId, entry));
            throw;
        }
    }
}
