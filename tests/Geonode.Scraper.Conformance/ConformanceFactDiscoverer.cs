using System.ComponentModel;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Geonode.Scraper.Conformance;

/// <summary>Discovers a <see cref="ConformanceFactAttribute"/> test: skipped when the class it runs in (the concrete
/// subclass, not the abstract suite) says its backend is unavailable.</summary>
public sealed class ConformanceFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnosticMessageSink;

    /// <summary>Initializes a new instance of the <see cref="ConformanceFactDiscoverer"/> class (xunit creates it).</summary>
    /// <param name="diagnosticMessageSink">Where xunit's diagnostics go.</param>
    public ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) => _diagnosticMessageSink = diagnosticMessageSink;

    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var reason = testMethod.TestClass.Class.ToRuntimeType()?.GetCustomAttribute<BackendAvailabilityAttribute>(inherit: true)?.SkipReason;
        yield return reason is null
            ? new XunitTestCase(_diagnosticMessageSink, display, displayOptions, testMethod)
            : new SkippedTestCase(_diagnosticMessageSink, display, displayOptions, testMethod, reason);
    }

    /// <summary>A test case skipped with a reason decided at discovery.</summary>
    public sealed class SkippedTestCase : XunitTestCase
    {
        private string _reason = string.Empty;

        /// <summary>Initializes a new instance of the <see cref="SkippedTestCase"/> class for the deserializer.</summary>
        [EditorBrowsable(EditorBrowsableState.Never)]
        [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
        public SkippedTestCase()
        {
        }

        /// <summary>Initializes a new instance of the <see cref="SkippedTestCase"/> class.</summary>
        /// <param name="diagnosticMessageSink">Where xunit's diagnostics go.</param>
        /// <param name="defaultMethodDisplay">How the test is named.</param>
        /// <param name="defaultMethodDisplayOptions">How the test's name is shown.</param>
        /// <param name="testMethod">The test.</param>
        /// <param name="reason">Why it is skipped.</param>
        public SkippedTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod, string reason)
            : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod) => _reason = reason;

        /// <inheritdoc/>
        public override void Serialize(IXunitSerializationInfo data)
        {
            data.AddValue("SkipReason", _reason);
            base.Serialize(data);
        }

        /// <inheritdoc/>
        public override void Deserialize(IXunitSerializationInfo data)
        {
            _reason = data.GetValue<string>("SkipReason");
            base.Deserialize(data);
        }

        /// <inheritdoc/>
        protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
    }
}
