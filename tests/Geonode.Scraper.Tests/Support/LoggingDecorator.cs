using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Geonode.Scraper.Tests.Support;

/// <summary>A logging decorator of <see cref="IScraperClient"/> as users write them: a <see cref="DispatchProxy"/> that
/// records the name of every member called and forwards the call, unchanged, to the client it wraps.</summary>
public class LoggingDecorator : DispatchProxy
{
    private IScraperClient _inner = null!;
    private List<string> _calls = null!;

    /// <summary>Wraps <paramref name="inner"/>; every member called is added to <paramref name="calls"/>.</summary>
    public static IScraperClient Wrap(IScraperClient inner, List<string> calls)
    {
        var proxy = Create<IScraperClient, LoggingDecorator>();
        var decorator = (LoggingDecorator)(object)proxy;
        decorator._inner = inner;
        decorator._calls = calls;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        lock (_calls)
        {
            _calls.Add(targetMethod.Name);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
