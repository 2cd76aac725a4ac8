namespace Geonode.Scraper.Conformance;

/// <summary>
/// The contract of <see cref="ITokenBudgetStore"/>: derive a test class, return your store from <see cref="CreateStore"/> and
/// a second one on the same data (another process's) from <see cref="CreateStoreOnSameStore"/>.
/// <see cref="InProcessTokenBudgetStore"/> is the reference.
/// </summary>
public abstract class TokenBudgetStoreConformanceTests : IAsyncLifetime
{
    private readonly ConformanceInstances _instances = new();
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];
    private ITokenBudgetStore? _first;
    private ITokenBudgetStore? _second;

    /// <summary>Gets the store of "this process".</summary>
    protected ITokenBudgetStore Store => _first ??= _instances.Track(CreateStore());

    /// <summary>Gets the store of "another process", on the same data.</summary>
    protected ITokenBudgetStore OtherStore => _second ??= _instances.Track(CreateStoreOnSameStore());

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync() => await _instances.DisposeAsync();

    [ConformanceFact]
    public async Task RecordAsync_SumsTheJobsOfTheBudgetAcrossProcesses()
    {
        var budget = BudgetName();

        (await Store.RecordAsync(budget, "job-1", 100)).Should().Be(100);
        (await OtherStore.RecordAsync(budget, "job-2", 250)).Should().Be(350);
        (await Store.RecordAsync(budget, "job-1", 120)).Should().Be(370, "a job's figure is its latest total, not an increment");
    }

    [ConformanceFact]
    public async Task RecordAsync_LowerFigureThanRecorded_IsIgnored()
    {
        var budget = BudgetName();
        await Store.RecordAsync(budget, "job-1", 500);

        (await OtherStore.RecordAsync(budget, "job-1", 200)).Should().Be(500, "a job's charge only grows");
        (await Store.RecordAsync(budget, "job-2", 0)).Should().Be(500);
    }

    [ConformanceFact]
    public async Task RecordAsync_DifferentBudgets_AreSeparate()
    {
        var first = BudgetName();
        var second = BudgetName();
        await Store.RecordAsync(first, "job-1", 1000);

        (await OtherStore.RecordAsync(second, "job-1", 7)).Should().Be(7);
        (await Store.RecordAsync(first, "job-2", 1)).Should().Be(1001);
    }

    [ConformanceFact]
    public async Task RecordAsync_ConcurrentFromTwoProcesses_EndsAtTheSumOfEachJobsHighest()
    {
        var budget = BudgetName();
        var records = Enumerable.Range(0, 10).SelectMany(job => Enumerable.Range(1, 10).Select(step => (Job: $"job-{job}", Tokens: (long)(step * 10 + job))));

        await Task.WhenAll(records.Select((r, i) => Task.Run(async () => await (i % 2 == 0 ? Store : OtherStore).RecordAsync(budget, r.Job, r.Tokens))));

        var expected = Enumerable.Range(0, 10).Sum(job => 100L + job);
        (await OtherStore.RecordAsync(budget, "job-0", 0)).Should().Be(expected);
    }

    [ConformanceFact]
    public async Task RecordAsync_InvalidArguments_Throw()
    {
        await Store.Invoking(s => s.RecordAsync(" ", "job-1", 1).AsTask()).Should().ThrowAsync<ArgumentException>();
        await Store.Invoking(s => s.RecordAsync(BudgetName(), "", 1).AsTask()).Should().ThrowAsync<ArgumentException>();
    }

    /// <summary>Creates a store (its data may be shared by every test: the tests use budget names of their own).</summary>
    /// <returns>The store; disposed after the test when it is disposable.</returns>
    protected abstract ITokenBudgetStore CreateStore();

    /// <summary>Creates a second store on the data of the one <see cref="CreateStore"/> made, as another process would (the
    /// same instance only when the store works within one process).</summary>
    /// <returns>The store; disposed after the test when it is disposable.</returns>
    protected abstract ITokenBudgetStore CreateStoreOnSameStore();

    /// <summary>A new budget name, unique to this test.</summary>
    protected string BudgetName() => $"conformance-{_run}-{Guid.NewGuid():N}";
}
