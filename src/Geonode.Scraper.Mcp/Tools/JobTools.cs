using System.Globalization;
using System.Text;
using Geonode.Scraper.Mcp.Files;
using Geonode.Scraper.Mcp.Jobs;
using Microsoft.Extensions.AI;

namespace Geonode.Scraper.Mcp.Tools;

/// <summary>
/// The bodies of the tools this server adds for a job's life: following a job (get_scrape_job waits, within the bound,
/// before the agent tool describes it), saving it to disk, re-running what failed, cancelling. Each answers within the
/// call's bound with a text that says what happened and what to call next.
/// </summary>
internal sealed class JobTools(JobActions actions, ExportRoot root, TimeSpan waitBudget, RerunMemory reruns)
{
    private const int ListedUrls = 20;

    /// <summary>The least time worth a wait (or an export's run): below it the call answers with what it has.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(200);

    /// <summary>get_scrape_job: waits for a running crawl or batch (at most the wait budget), then lets the agent tool
    /// describe it. Reading a page in full (url) or the next pages (skip) answers at once.</summary>
    public async Task<string> GetJobAsync(AIFunction describe, ToolArgs args, CancellationToken cancellationToken)
    {
        var jobId = args.OptionalString("job_id");
        var plain = args.OptionalString("url") is null && args.Int("skip", 0, 0, int.MaxValue) == 0 && args.Int("start_at", 0, 0, int.MaxValue) == 0;
        if (plain && jobId is not null && IsJobId(jobId)
            && await actions.FindKindAsync(jobId, cancellationToken).ConfigureAwait(false) is { } kind and (JobKind.Crawl or JobKind.Batch))
        {
            var job = await actions.ReadAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
            var left = CallProgress.Remaining(waitBudget);
            if (!job.Status.IsTerminal && left > MinimumWait)
            {
                var call = CallProgress.Current;
                call?.Report(job);
                await actions.WaitAsync(kind, jobId, left, call is null ? null : new Relay<JobView>(call.Report), cancellationToken).ConfigureAwait(false);
            }
        }

        return await describe.InvokeAsync(args.Raw, cancellationToken).ConfigureAwait(false) as string ?? string.Empty;
    }

    /// <summary>export_crawl and export_batch.</summary>
    public async Task<string> ExportAsync(JobKind kind, ToolArgs args, CancellationToken cancellationToken)
    {
        var tool = ToolCatalog.ExportToolName(kind);
        var jobId = args.JobId();
        var folderArgument = args.RequiredString("folder");
        var jsonl = args.Choice("format", "markdown", "markdown", "jsonl") == "jsonl";
        var folder = root.Resolve(folderArgument, tool);
        var exported = JobActions.ExportedJobIn(folder);
        if (exported is not null && exported != jobId)
        {
            throw new ToolArgumentException($"The folder '{folderArgument}' holds the export of another job ({exported}); exporting job {jobId} there would mix the two. Call {tool} again with a new folder, such as '{folderArgument.TrimEnd('/', '\\')}-{Short(jobId)}'.");
        }

        if (exported is null && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new ToolArgumentException($"The folder '{folderArgument}' already holds files that are not an export, and {tool} never writes over them. Call {tool} again with a new folder name.");
        }

        await RequireKindAsync(kind, jobId, tool, cancellationToken).ConfigureAwait(false);
        var call = CallProgress.Current;
        var noun = kind == JobKind.Crawl ? "pages" : "URLs";
        var progress = call is null ? null : new Relay<(int Done, JobView? Job)>(p =>
            call.Report(p.Done, p.Job is { Total: > 0 } j && j.Total >= p.Done ? j.Total : null, $"Saving {Name(kind)} job {jobId}: {p.Done} {noun} saved"));
        var left = CallProgress.Remaining(waitBudget);
        var outcome = await actions.ExportAsync(kind, jobId, folder, jsonl, left > MinimumWait ? left : MinimumWait, progress, cancellationToken).ConfigureAwait(false);
        return Describe(kind, jobId, folderArgument, jsonl, outcome);
    }

    /// <summary>retry_failed.</summary>
    public async Task<string> RetryFailedAsync(ToolArgs args, CancellationToken cancellationToken)
    {
        var jobId = args.JobId();
        var kind = await actions.FindKindAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw NoSuchJob(jobId);
        if (kind == JobKind.Extract)
        {
            throw new ToolArgumentException($"Job {jobId} is a one-page extraction, not a crawl or batch: call scrape_url for that page again instead.");
        }

        RerunOutcome outcome;
        try
        {
            outcome = await reruns.GetOrStartAsync(jobId, () => actions.RerunFailedAsync(kind, jobId, waitBudget, cancellationToken)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return $"Error: {Name(kind)} job {jobId} is still running, and only an ended job's failures can be re-run. Follow it with get_scrape_job (or stop it with cancel_job), then call retry_failed again.";
        }

        if (outcome.FailedUrls.Count == 0)
        {
            return $"Nothing failed in {Name(kind)} job {jobId}: nothing was started, nothing was charged.";
        }

        var batches = string.Join(", ", outcome.BatchJobIds);
        var text = new StringBuilder(
            $"Started batch job {batches} with the {Number(outcome.FailedUrls.Count)} URLs that failed in {Name(kind)} job {jobId}, with "
            + (outcome.SettingsFromRecord ? "the settings it was started with" : "the settings its status reports")
            + $". It runs on its own: follow it with get_scrape_job (job_id \"{outcome.BatchJobIds[0]}\"), or save it with export_batch.");
        text.Append("\nURLs sent again:");
        foreach (var url in outcome.FailedUrls.Take(ListedUrls))
        {
            text.Append("\n- ").Append(url);
        }

        if (outcome.FailedUrls.Count > ListedUrls)
        {
            text.Append("\n[").Append(Number(outcome.FailedUrls.Count - ListedUrls)).Append(" more not listed.]");
        }

        return text.ToString();
    }

    /// <summary>cancel_job.</summary>
    public async Task<string> CancelAsync(ToolArgs args, CancellationToken cancellationToken)
    {
        var jobId = args.JobId();
        var kind = await actions.FindKindAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw NoSuchJob(jobId);
        if (kind == JobKind.Extract)
        {
            throw new ToolArgumentException($"Job {jobId} is a one-page extraction, which ends within seconds and cannot be cancelled; only crawl and batch jobs can.");
        }

        var outcome = await actions.CancelAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
        var noun = kind == JobKind.Crawl ? "pages" : "URLs";
        if (!outcome.Cancelled)
        {
            return $"{Capitalized(Name(kind))} job {jobId} had already ended ({outcome.Status}): nothing was cancelled.";
        }

        return $"Cancelled {Name(kind)} job {jobId}{(outcome.InFlight > 0 ? $" ({Number(outcome.InFlight)} {noun} that were being read are dropped)" : string.Empty)}. "
            + $"The {noun} already read stay readable with get_scrape_job and {ToolCatalog.ExportToolName(kind)}.";
    }

    /// <summary>get_receipt.</summary>
    public async Task<string> GetReceiptAsync(ToolArgs args, CancellationToken cancellationToken)
    {
        var jobId = args.JobId();
        var kind = await actions.FindKindAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw NoSuchJob(jobId);
        if (kind == JobKind.Extract)
        {
            throw new ToolArgumentException($"Job {jobId} is a one-page extraction: get_scrape_job shows its result and what it cost; receipts are for crawl and batch jobs.");
        }

        JobReceipt receipt;
        try
        {
            receipt = await actions.GetReceiptAsync(kind, jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            return $"Error: {Name(kind)} job {jobId} is still running, and only an ended job has a receipt. Follow it with get_scrape_job, then call get_receipt again.";
        }

        var noun = kind == JobKind.Crawl ? "pages" : "URLs";
        var text = new StringBuilder(
            $"Receipt of {Name(kind)} job {jobId} ({receipt.Status}): {Number(receipt.Submitted)} {noun} submitted, {Number(receipt.Succeeded)} succeeded, {Number(receipt.Failed)} failed"
            + (receipt.Cancelled > 0 ? $", {Number(receipt.Cancelled)} cancelled" : string.Empty)
            + (receipt.Invalid > 0 ? $", {Number(receipt.Invalid)} invalid" : string.Empty)
            + (receipt.TokensCharged is { } tokens ? $"; {Number(tokens)} API tokens charged." : "."));
        foreach (var failed in receipt.FailedUrls.Take(ListedUrls))
        {
            text.Append("\n- failed: ").Append(failed.Url).Append(failed.ErrorCode is null ? string.Empty : $" ({failed.ErrorCode})");
        }

        if (receipt.FailedUrls.Count > ListedUrls)
        {
            text.Append("\n[").Append(Number(receipt.FailedUrls.Count - ListedUrls)).Append(" more failed URLs not listed; retry_failed re-runs them all.]");
        }

        text.Append(receipt.IsConsistent ? "\nEverything adds up: every URL came back." : "\nThese do not add up; tell the user:");
        foreach (var problem in receipt.Discrepancies)
        {
            text.Append("\n- ").Append(problem);
        }

        return text.ToString();
    }

    private static string Describe(JobKind kind, string jobId, string folderArgument, bool jsonl, ExportOutcome outcome)
    {
        var noun = kind == JobKind.Crawl ? "pages" : "URLs";
        var what = jsonl ? "one line per page in results.jsonl" : "one Markdown file per page";
        var text = new StringBuilder();
        if (!outcome.Finished)
        {
            text.Append(CultureInfo.InvariantCulture, $"The export of {Name(kind)} job {jobId} into {outcome.Directory} is not complete yet: {Number(outcome.Written)} {noun} saved by this call")
                .Append(outcome.AlreadyThere > 0 ? $", {Number(outcome.AlreadyThere)} saved before" : string.Empty)
                .Append(outcome.Failed > 0 ? $", {Number(outcome.Failed)} failed" : string.Empty)
                .Append(outcome.Job is { } running ? $"; the job is {running.Status} ({Number(running.Done)} of {Number(running.Total)} {noun} done)" : string.Empty)
                .Append(CultureInfo.InvariantCulture, $". Call {ToolCatalog.ExportToolName(kind)} again with job_id \"{jobId}\" and folder \"{folderArgument}\" to go on; nothing is written twice.");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"The export of {Name(kind)} job {jobId} is complete: {Number(outcome.Written + outcome.AlreadyThere)} {noun} saved in {outcome.Directory} ({what}")
            .Append(outcome.AlreadyThere > 0 ? $"; {Number(outcome.Written)} by this call, {Number(outcome.AlreadyThere)} before" : string.Empty)
            .Append(')');
        if (outcome.Job is { Status: var status } && status != JobStatus.Completed)
        {
            text.Append(CultureInfo.InvariantCulture, $". The job ended {status}: the {noun} it delivered are saved");
        }

        var failures = outcome.Failures.Count > 0 ? outcome.Failures.Count : outcome.Failed;
        text.Append(failures > 0 ? $". {Number(failures)} failed and have no file; retry_failed re-runs them." : ".");
        foreach (var (url, reason) in outcome.Failures.Take(ListedUrls))
        {
            text.Append("\n- ").Append(url).Append(reason is null ? string.Empty : $" [{Clip(reason)}]");
        }

        if (outcome.Failures.Count > ListedUrls)
        {
            text.Append("\n[").Append(Number(outcome.Failures.Count - ListedUrls)).Append(" more failures not listed; the folder's .geonode-export.jsonl lists them all.]");
        }

        return text.ToString();
    }

    private async Task RequireKindAsync(JobKind kind, string jobId, string tool, CancellationToken cancellationToken)
    {
        var actual = await actions.FindKindAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw NoSuchJob(jobId);
        if (actual == kind)
        {
            return;
        }

        throw new ToolArgumentException(actual == JobKind.Extract
            ? $"Job {jobId} is a one-page extraction, not a {Name(kind)}: its page is what scrape_url returned, and {tool} has nothing to save."
            : $"Job {jobId} is a {Name(actual)} job, not a {Name(kind)}: call {ToolCatalog.ExportToolName(actual)} with it instead.");
    }

    private static ToolArgumentException NoSuchJob(string jobId) =>
        new($"No crawl or batch job {jobId} exists for this account. Use a job id that crawl_site, scrape_urls or retry_failed returned.");

    private static bool IsJobId(string id) => id.Length <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Name(JobKind kind) => kind switch
    {
        JobKind.Crawl => "crawl",
        JobKind.Batch => "batch",
        _ => "extraction",
    };

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Short(string jobId) => jobId.Length <= 8 ? jobId : jobId[..8];

    private static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Clip(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
