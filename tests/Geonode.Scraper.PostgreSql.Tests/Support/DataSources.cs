using Npgsql;

namespace Geonode.Scraper.PostgreSql.Tests.Support;

/// <summary>The data sources a test opened (one per replica it stands in for), closed at its end.</summary>
public sealed class DataSources : IAsyncDisposable
{
    private readonly List<NpgsqlDataSource> _opened = [];

    public NpgsqlDataSource New(int maxPoolSize = 8)
    {
        var dataSource = PostgresFixture.NewDataSource(maxPoolSize);
        lock (_opened)
        {
            _opened.Add(dataSource);
        }

        return dataSource;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlDataSource[] opened;
        lock (_opened)
        {
            opened = [.. _opened];
            _opened.Clear();
        }

        foreach (var dataSource in opened)
        {
            await dataSource.DisposeAsync();
        }
    }
}
