namespace Geonode.Scraper.Internal;

/// <summary>The wire shape of the job-list endpoints (<c>{ jobs, page, page_size, page_count }</c>).</summary>
internal sealed record JobsEnvelope<T>
{
    public IReadOnlyList<T> Jobs { get; init => field = value ?? []; } = [];

    public int Page { get; init; }

    public int PageSize { get; init; }

    public int PageCount { get; init; }

    public PagedResult<T> ToPage() => new() { Items = Jobs, Page = Page, PageSize = PageSize, PageCount = PageCount };
}
