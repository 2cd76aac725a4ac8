namespace Geonode.Scraper.Emulator;

/// <summary>The faults <see cref="EmulatorFaults.Random"/> picks from.</summary>
public enum EmulatorFaultKind
{
    /// <summary>503 with the API's error envelope and <c>Retry-After: 1</c>.</summary>
    ServiceUnavailable,

    /// <summary>429 <c>RATE_LIMITED</c> with <c>Retry-After: 1</c>.</summary>
    TooManyRequests,

    /// <summary>The connection is dropped before the request is processed.</summary>
    DropBeforeProcessing,

    /// <summary>The request is processed (a <c>POST</c> starts its job), then the connection is dropped.</summary>
    DropAfterProcessing,

    /// <summary>The answer is delayed by one second of emulated time.</summary>
    Delay,

    /// <summary>The real status with only the first half of the body.</summary>
    Truncate,

    /// <summary>200 with an HTML page, as a captive portal or proxy would send.</summary>
    Html,

    /// <summary>200 with an empty body.</summary>
    EmptyBody,

    /// <summary>The real answer with <c>Content-Type: text/plain</c>.</summary>
    WrongContentType,

    /// <summary>The real answer, its body sent 16 bytes every 50 milliseconds of emulated time.</summary>
    Trickle,
}
