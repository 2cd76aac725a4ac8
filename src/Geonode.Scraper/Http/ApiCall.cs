namespace Geonode.Scraper.Internal;

/// <summary>One API call: what to send, where, and how its failures are handled.</summary>
internal sealed class ApiCall
{
    public ApiCall(HttpMethod method, string path, string route)
    {
        Method = method;
        Path = path;
        Route = route;
        SpanName = method.Method + " " + route;
    }

    /// <summary>Gets the HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the path and query relative to the base address, with ids escaped.</summary>
    public string Path { get; }

    /// <summary>Gets the route template (<c>/v1/batch/{job_id}</c>): span names and logs use it, so ids never make names unbounded.</summary>
    public string Route { get; }

    /// <summary>Gets the fixed span name, for example <c>GET /v1/batch/{job_id}</c>.</summary>
    public string SpanName { get; }

    /// <summary>Gets the JSON body, or <see langword="null"/>.</summary>
    public byte[]? Body { get; init; }

    /// <summary>Gets how error responses read.</summary>
    public RequestKind Kind { get; init; }

    /// <summary>Gets a value indicating whether the connection retries the call. Job status polls and the page reads of a
    /// watch are not retried here: the wait retries them on its own schedule, so retries never multiply.</summary>
    public bool Retry { get; init; } = true;

    /// <summary>Gets how long a 429 answer is waited out and the call sent again (an answer that says the server did not
    /// take the request), beyond the ordinary retries; <see langword="null"/> for the ordinary retries only. Starting a job
    /// under the account's concurrency limit sets it.</summary>
    public TimeSpan? ThrottleWindow { get; init; }

    /// <summary>Gets the job or webhook id the call is about, for spans and logs.</summary>
    public string? ResourceId { get; init; }

    /// <summary>Gets a value indicating whether a second send could start (and bill) a second job.</summary>
    public bool IsPost => Method == HttpMethod.Post;
}
