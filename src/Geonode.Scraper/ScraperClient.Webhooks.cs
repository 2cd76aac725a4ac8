using Geonode.Scraper.Internal;

namespace Geonode.Scraper;

public sealed partial class ScraperClient
{
    private const string WebhooksPath = "v1/webhooks";

    /// <inheritdoc/>
    public async Task<Webhook> CreateWebhookAsync(WebhookCreateRequest request, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(request);
        RequireUrl(request.Url, "request.Url", nameof(request));
        if (string.IsNullOrEmpty(request.EventType.ToString()))
        {
            throw new ArgumentException("request.EventType is required, for example WebhookEventType.CrawlCompleted.", nameof(request));
        }

        var response = await _api.SendJsonAsync(
            HttpMethod.Post, WebhooksPath, request, ScraperJsonContext.Default.WebhookCreateRequest, ScraperJsonContext.Default.Webhook, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public async Task<PagedResult<Webhook>> ListWebhooksAsync(int page = 1, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        CheckListPage(page, pageSize, page < 1 ? nameof(page) : nameof(pageSize));
        var path = WebhooksPath + new QueryString().Add("page", page).Add("page_size", pageSize);
        return await _api.GetAsync(path, ScraperJsonContext.Default.PagedResultWebhook, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<Webhook> ListAllWebhooksAsync(CancellationToken cancellationToken = default) =>
        Pager.ListAllAsync((page, ct) => ListWebhooksAsync(page, 100, ct), 1, cancellationToken);

    /// <inheritdoc/>
    public Task<Webhook> GetWebhookAsync(string webhookId, CancellationToken cancellationToken = default) =>
        _api.GetAsync(JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)), ScraperJsonContext.Default.Webhook, cancellationToken);

    /// <inheritdoc/>
    public async Task<Webhook> UpdateWebhookAsync(string webhookId, WebhookUpdateRequest request, CancellationToken cancellationToken = default)
    {
        var path = JobPath(WebhooksPath + "/", webhookId, nameof(webhookId));
        Guard.NotNull(request);
        if (request.Url is not null)
        {
            RequireUrl(request.Url, "request.Url", nameof(request));
        }

        var response = await _api.SendJsonAsync(
            new HttpMethod("PATCH"), path, request, ScraperJsonContext.Default.WebhookUpdateRequest, ScraperJsonContext.Default.Webhook, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public async Task DeleteWebhookAsync(string webhookId, CancellationToken cancellationToken = default) =>
        await _api.SendAsync<object>(HttpMethod.Delete, JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)), null, null, RequestKind.Default, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<WebhookSecret> RotateWebhookSecretAsync(string webhookId, CancellationToken cancellationToken = default)
    {
        var path = JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)) + "/rotate-secret";
        var response = await _api.SendAsync(HttpMethod.Post, path, null, ScraperJsonContext.Default.WebhookSecret, RequestKind.Default, cancellationToken).ConfigureAwait(false);
        return response.Value;
    }

    /// <inheritdoc/>
    public async Task<PagedResult<WebhookDelivery>> ListWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = DeliveriesPath(webhookId, query ?? new WebhookDeliveryQuery(), nameof(query));
        return await _api.GetAsync(path, ScraperJsonContext.Default.PagedResultWebhookDelivery, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<WebhookDelivery> ListAllWebhookDeliveriesAsync(string webhookId, WebhookDeliveryQuery? query = null, CancellationToken cancellationToken = default)
    {
        var q = query ?? new WebhookDeliveryQuery();
        DeliveriesPath(webhookId, q, nameof(query));
        return Pager.ListAllAsync((page, ct) => ListWebhookDeliveriesAsync(webhookId, q with { Page = page }, ct), q.Page, cancellationToken);
    }

    private static string DeliveriesPath(string webhookId, WebhookDeliveryQuery query, string paramName)
    {
        var path = JobPath(WebhooksPath + "/", webhookId, nameof(webhookId)) + "/deliveries";
        CheckListPage(query.Page, query.PageSize, paramName);
        return path + new QueryString().Add("page", query.Page).Add("page_size", query.PageSize).Add("status", query.Status?.ToString());
    }
}
