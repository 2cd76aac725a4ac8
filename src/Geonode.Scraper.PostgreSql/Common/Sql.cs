using Npgsql;
using NpgsqlTypes;

namespace Geonode.Scraper.PostgreSql.Internal;

/// <summary>Positional parameters, typed so that a <see langword="null"/> still tells PostgreSQL its type.</summary>
internal static class Sql
{
    public static NpgsqlParameter Text(string? value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)value ?? DBNull.Value };

    public static NpgsqlParameter Integer(int? value) => new() { NpgsqlDbType = NpgsqlDbType.Integer, Value = value is { } v ? v : DBNull.Value };

    public static NpgsqlParameter Bigint(long value) => new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = value };

    public static NpgsqlParameter Interval(TimeSpan value) => new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = value };

    /// <summary>A <c>timestamptz</c>: Npgsql writes only UTC values to it.</summary>
    public static NpgsqlParameter Timestamp(DateTimeOffset value) =>
        new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value.ToUniversalTime() };

    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string text, params NpgsqlParameter[] parameters)
    {
        var command = dataSource.CreateCommand(text);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static DateTimeOffset? ReadTimestamp(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? ReadText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
