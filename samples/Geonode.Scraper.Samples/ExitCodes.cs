namespace Geonode.Scraper.Samples;

/// <summary>The sample's exit codes, as the README lists them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>The command failed: one line on stderr (<c>--verbose</c> adds the stack trace).</summary>
    public const int Error = 1;

    /// <summary>Bad arguments or input: one line on stderr; nothing was started.</summary>
    public const int Usage = 2;

    /// <summary>The job ran, but some URLs or pages failed: they are in <c>failures.tsv</c>, or on stderr without <c>--out</c>.</summary>
    public const int SomeFailed = 3;

    /// <summary>Ctrl-C or SIGTERM: stderr says what was left running on the server.</summary>
    public const int Cancelled = 130;
}
