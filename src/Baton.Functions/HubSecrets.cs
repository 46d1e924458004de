using Baton.Durable;
using Baton.Runtime.Events;

namespace Baton.Functions;

/// <summary>The hub's secrets, read from Blob storage once per worker (created there by the first worker that asks).</summary>
public sealed class HubSecrets(BlobDefinitionStore store)
{
    private readonly Lazy<Task<ReplyTokens>> _replyTokens = new(async () =>
        new ReplyTokens(await store.GetSecretAsync("reply-tokens", CancellationToken.None).ConfigureAwait(false)));

    /// <summary>The issuer and checker of event tasks' reply tokens.</summary>
    public Task<ReplyTokens> ReplyTokensAsync() => _replyTokens.Value;
}
