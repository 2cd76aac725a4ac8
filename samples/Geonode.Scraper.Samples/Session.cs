using Geonode.Scraper.Emulator;

namespace Geonode.Scraper.Samples;

/// <summary>
/// The client a command uses: the real API when a key is configured, otherwise an in-process emulator. It also remembers
/// the batch or crawl being watched, so that a cancelled run can say what it left running on the server.
/// </summary>
internal sealed class Session : IAsyncDisposable
{
    private readonly ScraperEmulator? _emulator;
    private (string Kind, string? JobId, string? OutDir)? _running;

    private Session(ScraperClient client, ScraperEmulator? emulator, PollingOptions polling)
    {
        Client = client;
        _emulator = emulator;
        Polling = polling;
    }

    public ScraperClient Client { get; }

    public PollingOptions Polling { get; }

    /// <summary>Starts a session; with <paramref name="ledger"/>, the client records the jobs it starts there.</summary>
    public static async Task<Session> StartAsync(IJobLedger? ledger, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ScraperClientOptions.ApiKeyEnvironmentVariable)))
        {
            // Key and optional SCRAPER_API_BASE_URL come from the environment.
            return new Session(new ScraperClient(new ScraperClientOptions { ApplicationId = "sample", JobLedger = ledger }), null, new PollingOptions());
        }

        var emulator = await ScraperEmulator.StartAsync(cancellationToken: cancellationToken);
        await Console.Error.WriteLineAsync(
            $"No {ScraperClientOptions.ApiKeyEnvironmentVariable} set: using the local emulator at {emulator.BaseAddress} (synthetic pages; nothing leaves this machine).");
        var options = new ScraperClientOptions { ApiKey = emulator.ApiKey, BaseAddress = emulator.BaseAddress, ApplicationId = "sample", JobLedger = ledger };
        var polling = new PollingOptions { InitialDelay = TimeSpan.FromMilliseconds(150), MaxDelay = TimeSpan.FromSeconds(1) };
        return new Session(new ScraperClient(options), emulator, polling);
    }

    /// <summary>Records the batch or crawl being started or watched (<paramref name="jobId"/> is null until the server answers).</summary>
    public void Track(string kind, string? jobId, string? outDir) => _running = (kind, jobId, outDir);

    /// <summary>Records that the job being watched has ended: nothing is left running.</summary>
    public void JobEnded() => _running = null;

    /// <summary>Gets what a cancelled run tells the user: the job it leaves running, and how to resume or cancel it.</summary>
    public IEnumerable<string> WhatIsLeftRunning()
    {
        if (_running is not { } job)
        {
            yield return "cancelled";
            yield break;
        }

        if (job.JobId is null)
        {
            yield return $"cancelled while starting the {job.Kind}: it may have started on the server; look for it in your {job.Kind} jobs";
            yield break;
        }

        yield return _emulator is null
            ? $"cancelled: {job.Kind} {job.JobId} keeps running on the server"
            : $"cancelled: {job.Kind} {job.JobId} was running on the in-process emulator, which stops with this program; against the API it would keep running";
        var outDir = job.OutDir is null ? string.Empty : job.OutDir.Contains(' ', StringComparison.Ordinal) ? $" --out \"{job.OutDir}\"" : $" --out {job.OutDir}";
        yield return $"  resume it: geonode-scraper-sample resume {job.Kind} {job.JobId}{outDir}";
        yield return $"  cancel it: geonode-scraper-sample cancel {job.Kind} {job.JobId}";
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
