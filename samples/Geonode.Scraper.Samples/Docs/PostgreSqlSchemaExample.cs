#region usings
using Geonode.Scraper.PostgreSql;
#endregion

namespace DocsExamples;

/// <summary>The schema script of docs/scale-out.md, compiled.</summary>
public static class PostgreSqlSchemaExample
{
    public static async Task SchemaScript()
    {
        #region postgresql-schema-script
        // The script the package runs when it starts (ApplySchema = true, the default). Set ApplySchema = false when the
        // application's role may not create tables, and have an administrator run this once per schema version instead.
        string script = PostgreSqlCoordinationSchema.GetScript("geonode_scraper");
        await File.WriteAllTextAsync("geonode_scraper.sql", script);
        #endregion
    }
}
