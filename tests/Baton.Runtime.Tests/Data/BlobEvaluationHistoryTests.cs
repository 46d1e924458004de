using Azure.Storage.Blobs;
using Baton.Runtime.Data;
using Baton.Runtime.Slo;
using Baton.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Runtime.Tests.Data;

/// <summary>Quality-gate results per subject in Blob storage on Azurite, with the real Azure SDK client.</summary>
public sealed class BlobEvaluationHistoryTests : EvaluationHistoryContract
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    protected override async Task<IEvaluationHistory> HistoryAsync()
    {
        var container = new BlobContainerClient(await Azurite.ConnectionStringAsync(), "evals-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync();
        return new BlobEvaluationHistory(container, _time);
    }

    protected override void Tick() => _time.Advance(TimeSpan.FromSeconds(1));
}
