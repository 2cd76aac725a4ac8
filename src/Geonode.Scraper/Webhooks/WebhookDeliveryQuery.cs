namespace Geonode.Scraper;

/// <summary>Filters and paging for <c>GET /v1/webhooks/{id}/deliveries</c>.</summary>
public sealed record WebhookDeliveryQuery
{
    /// <summary>Gets a delivery status to match.</summary>
    public WebhookDeliveryStatus? Status { get; init; }

    /// <summary>Gets the 1-based page number.</summary>
    /// <value>The default is 1.</value>
    public int Page { get; init; } = 1;

    /// <summary>Gets the page size, 1 to 100.</summary>
    /// <value>The default is 100.</value>
    public int PageSize { get; init; } = 100;
}
