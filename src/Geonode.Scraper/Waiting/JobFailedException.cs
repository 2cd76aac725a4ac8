namespace Geonode.Scraper;

/// <summary>The job ended with the status <c>failed</c>.</summary>
public sealed class JobFailedException : JobException
{
    /// <summary>Initializes a new instance of the <see cref="JobFailedException"/> class.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="lastSnapshot">The failed job.</param>
    /// <param name="error">The server's error, if it sent one.</param>
    public JobFailedException(string jobId, IScraperJob? lastSnapshot, JobError? error)
        : base(jobId, lastSnapshot, BuildMessage(jobId, error))
    {
        Error = error;
    }

    /// <summary>Gets the server's error (code, message, retryable, details), if it sent one.</summary>
    public JobError? Error { get; }

    private static string BuildMessage(string jobId, JobError? error)
    {
        if (error is null)
        {
            return $"Job {jobId} failed; the server gave no reason.";
        }

        var code = error.Code is null ? string.Empty : $" ({error.Code})";
        var retry = error.Retryable == true ? " The server says trying again may succeed." : string.Empty;
        var message = string.IsNullOrWhiteSpace(error.Message) ? "the server gave no message" : error.Message!.TrimEnd('.');
        return $"Job {jobId} failed{code}: {message}.{retry}";
    }
}
