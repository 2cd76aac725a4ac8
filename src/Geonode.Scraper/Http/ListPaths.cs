namespace Geonode.Scraper.Internal;

/// <summary>Query strings of the job lists that share a shape (batch and crawl).</summary>
internal static class ListPaths
{
    /// <summary>Builds <c>{path}?job_status=..&amp;page=..</c> for the batch and crawl job lists.</summary>
    /// <remarks>Inferred: the API documents no filters for these lists; <c>job_status</c> is what its MCP tools call the status
    /// filter of the map and search job lists, and batch and crawl are assumed to follow them. Exactly one name is sent.</remarks>
    public static string JobList(string path, JobListQuery query, string paramName)
    {
        RequestChecks.CheckListPage(query.Page, query.PageSize, paramName);
        return path + new QueryString()
            .Add("job_status", query.Status?.ToString())
            .Add("start_date", query.StartDate)
            .Add("end_date", query.EndDate)
            .Add("page", query.Page)
            .Add("page_size", query.PageSize);
    }
}
