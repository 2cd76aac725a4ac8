namespace Geonode.Scraper.Samples;

/// <summary>
/// The URLs or pages that failed, none dropped: rows of <c>failures.tsv</c> (url, status, error code, message) in the output
/// folder, or lines on stderr when there is no output folder.
/// </summary>
internal sealed class FailureLog
{
    private const string Header = "url\tstatus\terror_code\terror_message\n";
    private readonly StatusOutput _status;

    /// <summary>Starts an empty log; a <c>failures.tsv</c> left in <paramref name="outDir"/> by an earlier run is removed.</summary>
    public FailureLog(string? outDir, StatusOutput status)
    {
        _status = status;
        if (outDir is not null)
        {
            Path = System.IO.Path.Combine(outDir, "failures.tsv");
            File.Delete(Path);
        }
    }

    /// <summary>Gets the failures file, or <see langword="null"/> when failures go to stderr.</summary>
    public string? Path { get; }

    public int Count { get; private set; }

    public async Task AddAsync(string url, string status, string? errorCode, string? errorMessage, CancellationToken cancellationToken)
    {
        Count++;
        if (Path is null)
        {
            _status.Line($"failed: {url} ({string.Join(' ', new[] { status, errorCode, errorMessage }.Where(s => !string.IsNullOrEmpty(s)))})");
            return;
        }

        var row = string.Join('\t', url, status, errorCode ?? string.Empty, OneLine(errorMessage)) + "\n";
        await File.AppendAllTextAsync(Path, Count == 1 ? Header + row : row, cancellationToken);
    }

    private static string OneLine(string? text) =>
        (text ?? string.Empty).Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
