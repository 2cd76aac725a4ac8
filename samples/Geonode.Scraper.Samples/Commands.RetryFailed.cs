using System.CommandLine;

namespace Geonode.Scraper.Samples;

internal static partial class Commands
{
    /// <summary>Adds <c>--retry-failed JOB</c> to the <c>batch</c> command: a new batch of only the URLs that failed in
    /// JOB, with its settings, followed like any batch (exit 0 when they all succeed this time, 3 when some fail again).
    /// Nothing is started, and the exit code is 0, when nothing failed.</summary>
    public static Command WithRetryFailed(Command batch)
    {
        var retryFailed = new Option<string?>("--retry-failed") { Description = "Re-run only the URLs that failed in this batch job (no URLs are read)", HelpName = "JOB" };
        batch.Options.Add(retryFailed);
        var urlsAction = batch.Action as System.CommandLine.Invocation.AsynchronousCommandLineAction;
        batch.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(retryFailed) is not { } jobId)
            {
                return await urlsAction!.InvokeAsync(parse, ct);
            }

            if (parse.GetResult(batch.Options.Single(o => o.Name == "--file")) is not null)
            {
                return UsageError(batch, "--retry-failed re-runs the failed URLs of a job; it takes no --file");
            }

            var outDir = parse.GetValue<DirectoryInfo?>("--out")?.FullName;
            return await RunAsync(parse, ct, async (session, token) =>
            {
                CreateFolder(outDir);   // before the re-run is started (and billed), not after
                session.Track("batch", null, outDir);
                RerunResult retry;
                try
                {
                    retry = await session.Client.GetBatchOperation(jobId).RerunFailedAsync(cancellationToken: token);
                }
                catch (ArgumentException ex)
                {
                    session.JobEnded();
                    return UsageError(batch, ex.Message);
                }

                if (retry.NothingFailed)
                {
                    session.JobEnded();
                    await Console.Error.WriteLineAsync($"batch {jobId}: nothing failed; nothing was started");
                    return ExitCodes.Ok;
                }

                var rerun = retry.Batches.Single();   // a batch holds at most 1,000 URLs, so its failures fit in one
                await Console.Error.WriteLineAsync($"batch {rerun.JobId}: re-running the {retry.FailedUrls.Count} failed URLs of batch {jobId}");
                return await WatchBatchAsync(session, rerun.JobId, outDir, rerun.Accepted?.InvalidUrls ?? [], token);
            });
        });
        return batch;
    }
}
