using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Geonode.Scraper.PostgreSql.Internal;

namespace Geonode.Scraper.PostgreSql;

/// <summary>
/// Configures how the replicas of an application share the SDK's job ledger, wake-ups, concurrency limit and token budgets
/// through PostgreSQL (<see cref="PostgreSqlCoordinationExtensions.AddPostgreSqlCoordination(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder, string, Action{PostgreSqlCoordinationOptions})"/>).
/// Every replica must use the same <see cref="Schema"/>; the other settings may differ between them.
/// </summary>
[Experimental(Experiments.Id, UrlFormat = Experiments.UrlFormat)]
public sealed partial class PostgreSqlCoordinationOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "geonode_scraper";

    /// <summary>The longest <see cref="Schema"/> name (the notification channels add a suffix to it, within PostgreSQL's 63).</summary>
    public const int MaxSchemaLength = 40;

    /// <summary>Gets or sets the PostgreSQL schema that holds the tables: a lowercase identifier (letters, digits and
    /// underscores, starting with a letter or underscore), at most <see cref="MaxSchemaLength"/> characters. The
    /// notification channels are named after it, so applications with different schemas do not hear each other.</summary>
    /// <value>The default value is <c>geonode_scraper</c>.</value>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>Gets or sets a value indicating whether the package creates or upgrades its schema when it starts (in one
    /// transaction, under an advisory lock). When <see langword="false"/>, the application's administrators apply the
    /// shipped script (<see cref="PostgreSqlCoordinationSchema.GetScript"/>) themselves, and the package only checks that
    /// the schema is at <see cref="PostgreSqlCoordinationSchema.Version"/> or later.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ApplySchema { get; set; } = true;

    /// <summary>Gets or sets how long a finished ledger entry is kept: its idempotency key stays taken, and re-running
    /// what failed finds its request, until then.</summary>
    /// <value>The default value is 7 days.</value>
    public TimeSpan FinishedRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long a wake-up row (<c>job_events</c>) is kept, for diagnostics.</summary>
    /// <value>The default value is 1 day.</value>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets how long a named token budget nobody has recorded into is kept.</summary>
    /// <value>The default value is 30 days.</value>
    public TimeSpan BudgetRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets how often each replica deletes what is past its retention (finished entries, old wake-ups,
    /// idle budgets, expired slots), in the background of the calls that write those tables.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long a concurrency slot stays held without a renewal: the holder renews it every third
    /// of this, and the slot of a holder that died is free this long after its last renewal (database clock).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan SlotLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often a caller waiting for a concurrency slot tries again when no release notification
    /// has woken it (a notification lost while the listener reconnected, or a slot freed by an expired lease).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan SlotPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the first wait before the listener reconnects after its connection was lost; each failed
    /// attempt doubles it, up to <see cref="MaxReconnectDelay"/>.</summary>
    /// <value>The default value is 250 milliseconds.</value>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets the longest wait between two attempts of the listener to reconnect.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long the listener's connection may stay silent before the listener checks it with a
    /// query, so that a connection dropped without a word is noticed.</summary>
    /// <value>The default value is 15 seconds.</value>
    public TimeSpan ListenerKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Returns a copy, so that changing these options after they are handed over changes nothing.</summary>
    internal PostgreSqlCoordinationOptions Clone() => (PostgreSqlCoordinationOptions)MemberwiseClone();

    /// <summary>Lists what is wrong with these options.</summary>
    /// <returns>One message per invalid setting; empty when they are valid.</returns>
    internal IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Schema is null || Schema.Length > MaxSchemaLength || !SchemaName().IsMatch(Schema))
        {
            failures.Add($"Schema must be a lowercase identifier of 1 to {MaxSchemaLength} characters (letters, digits, underscores; not starting with a digit); got '{Schema}'.");
        }

        Positive(failures, FinishedRetention, nameof(FinishedRetention));
        Positive(failures, EventRetention, nameof(EventRetention));
        Positive(failures, BudgetRetention, nameof(BudgetRetention));
        Positive(failures, CleanupInterval, nameof(CleanupInterval));
        Positive(failures, SlotPollInterval, nameof(SlotPollInterval));
        Positive(failures, ReconnectDelay, nameof(ReconnectDelay));
        Positive(failures, ListenerKeepAlive, nameof(ListenerKeepAlive));
        if (SlotLeaseDuration < TimeSpan.FromMilliseconds(300))
        {
            failures.Add($"SlotLeaseDuration must be at least 300 ms (it is renewed every third of it); got {SlotLeaseDuration}.");
        }

        if (MaxReconnectDelay < ReconnectDelay)
        {
            failures.Add($"MaxReconnectDelay ({MaxReconnectDelay}) must not be shorter than ReconnectDelay ({ReconnectDelay}).");
        }

        if (ListenerKeepAlive.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"ListenerKeepAlive must be at most {TimeSpan.FromMilliseconds(int.MaxValue)}; got {ListenerKeepAlive}.");
        }

        return failures;
    }

    /// <summary>Throws when these options are invalid.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message lists every one.</exception>
    internal void ThrowIfInvalid(string paramName)
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException("Invalid PostgreSqlCoordinationOptions: " + string.Join(" ", failures), paramName);
        }
    }

    private static void Positive(List<string> failures, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive; got {value}.");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
