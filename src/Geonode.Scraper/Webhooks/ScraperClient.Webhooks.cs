using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string WebhooksPath = "v1/webhooks";
    private const string WebhookRoute = "/v1/webhooks/{webhook_id}";

    /// <inheritdoc/>
    public async Task<Webhook> CreateWebhookAsync(WebhookCreateRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        RequestChecks.RequireUrl(request.Url, "request.Url", nameof(request));
        if (string.IsNullOrEmpty(request.EventType.ToString()))
        {
            throw new ArgumentException("request.EventType is required, for example WebhookEventType.CrawlCompleted.", nameof(request));
        }

        return await SendJsonAsync(HttpMethod.Post, WebhooksPath, "/v1/webhooks", request, ScraperJsonContext.Default.WebhookCreateRequest, ScraperJsonContext.Default.Webhook, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<PagedResult<Webhook>> ListWebhooksAsync(int page = 1, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        RequestChecks.CheckListPage(page, pageSize, page < 1 ? nameof(page) : nameof(pageSize));
        var path = WebhooksPath + new QueryString().Add("page", page).Add("page_size", pageSize);
        return await GetAsync(path, "/v1/webhooks", ScraperJsonContext.Default.PagedResultWebhook, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<Webhook> ListAllWebhooksAsync(CancellationToken cancellationToken = default) =>
        Pager.ListAllAsync((page, ct) => ListWebhooksAsync(page, 100, ct), static w => w.Id, 1, "webhooks", cancellationToken);

    /// <inheritdoc/>
    public Task<Webhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)), WebhookRoute, ScraperJsonContext.Default.Webhook, webhookId, cancellationToken);

    /// <inheritdoc/>
    public async Task<Webhook> UpdateWebhookAsync(string webhookId, WebhookUpdateRequest request, CancellationToken cancellationToken = default)
    {
        var path = JobPath(WebhooksPath + "/", webhookId, nameof(webhookId));
        Guard.NotNull(request);
        if (request.Url is not null)
        {
            RequestChecks.RequireUrl(request.Url, "request.Url", nameof(request));
        }

        return await SendJsonAsync(new HttpMethod("PATCH"), path, WebhookRoute, request, ScraperJsonContext.Default.WebhookUpdateRequest, ScraperJsonContext.Default.Webhook, cancellationToken, resourceId: webhookId).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        var call = new ApiCall(HttpMethod.Delete, JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)), WebhookRoute) { ResourceId = webhookId };
        try
        {
            await Api.SendAsync(call, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ScraperNotFoundException)
        {
            // Gone, as the caller asked: perhaps deleted by a send whose answer was lost (an HTTP handler sends a bodiless
            // DELETE again by itself when a connection closes first), perhaps never there. Either way nothing is left to do.
            return false;
        }
    }

    /// <inheritdoc/>
    public async Task<WebhookSecret> RotateWebhookSecretAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        var path = JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)) + "/rotate-secret";
        // Sent with an empty JSON object as its body (the connection does that for every POST without one): an HTTP handler
        // sends a bodiless request again by itself when a connection closes first, which would rotate the secret twice.
        var call = new ApiCall(HttpMethod.Post, path, WebhookRoute + "/rotate-secret") { ResourceId = webhookId };
        return (await Api.SendAsync(call, ScraperJsonContext.Default.WebhookSecret, cancellationToken).ConfigureAwait(false)).Value;
    }

    /// <inheritdoc/>
    public async Task<PagedResult<WebhookDelivery>> ListWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = DeliveriesPath(webhookId, query ?? new WebhookDeliveryQuery(), nameof(query));
        return await GetAsync(path, WebhookRoute + "/deliveries", ScraperJsonContext.Default.PagedResultWebhookDelivery, webhookId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<WebhookDelivery> ListAllWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new WebhookDeliveryQuery();
        DeliveriesPath(webhookId, q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListWebhookDeliveriesAsync(webhookId, q with { Page = page }, ct), static d => d.Id, q.Page, "webhook deliveries", cancellationToken);
    }

    private static string DeliveriesPath(string webhookId, WebhookDeliveryQuery query, string paramName)
    {
        var path = JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)) + "/deliveries";
        RequestChecks.CheckListPage(query.Page, query.PageSize, paramName);
        return path + new QueryString().Add("page", query.Page).Add("page_size", query.PageSize).Add("status", query.Status?.ToString());
    }
}
