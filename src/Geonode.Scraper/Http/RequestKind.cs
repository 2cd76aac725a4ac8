namespace Geonode.Scraper.Internal;

/// <summary>What a request does, where that changes how its errors read.</summary>
internal enum RequestKind
{
    Default,

    /// <summary>A synchronous <c>POST /v1/extract</c>: a 422 with an error code is a failed extraction.</summary>
    SyncExtract,

    /// <summary>A cancel: a 409 means the job can no longer be cancelled.</summary>
    Cancel,
}
