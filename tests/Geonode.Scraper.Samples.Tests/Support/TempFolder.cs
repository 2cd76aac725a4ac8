namespace Geonode.Scraper.Samples.Tests.Support;

/// <summary>A folder of its own for one run of the sample (its working directory), deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("geonode-sample-tests-").FullName;

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
