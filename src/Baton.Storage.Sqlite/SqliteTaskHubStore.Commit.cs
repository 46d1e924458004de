using System.Text.Json;
using Baton.Core.Engine;
using Baton.Embedded.Store;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteTaskHubStore
{
    /// <inheritdoc />
    public Task CommitAsync(IReadOnlyList<InstanceCommit> batch, CancellationToken cancellationToken) =>
        WriteAsync(async c =>
        {
            await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var stored = new List<(System.Text.Json.Nodes.JsonNode Part, string Reference)>();
            foreach (var commit in batch)
            {
                await CommitOneAsync(c, tx, commit, stored, cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            // Only now are those payloads surely in the table.
            foreach (var (part, reference) in stored)
            {
                _storedParts.AddOrUpdate(part, reference);
            }
            return true;
        }, cancellationToken);

    private async Task CommitOneAsync(SqliteConnection c, SqliteTransaction tx, InstanceCommit commit, List<(System.Text.Json.Nodes.JsonNode, string)> stored, CancellationToken ct)
    {
        if (commit.State is { } state)
        {
            var header = await HeaderAsync(c, tx, state, stored, ct).ConfigureAwait(false);
            if (commit.ExpectedSequence < 0)
            {
                var binding = commit.Binding ?? throw new ArgumentException("A commit that creates an instance needs its binding.", nameof(commit));
                var insert = Prepared(tx,
                    "INSERT INTO instances(id, name, status, definition_hash, catalog_hash, seq, state, created_at, updated_at, completed_at) " +
                    "VALUES($id, $name, $status, $def, $cat, $seq, $state, $created, $updated, $completed) ON CONFLICT(id) DO NOTHING",
                    ("$id", commit.InstanceId), ("$name", state.WorkflowName), ("$status", state.Status.ToString()),
                    ("$def", binding.DefinitionHash), ("$cat", binding.CatalogHash), ("$seq", state.Sequence), ("$state", header),
                    ("$created", Time(state.CreatedAt)), ("$updated", Time(state.UpdatedAt)), ("$completed", state.CompletedAt is { } done ? Time(done) : null));
                if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    throw new ConcurrencyException($"An instance with id '{commit.InstanceId}' already exists.");
                }
            }
            else
            {
                var update = Prepared(tx,
                    "UPDATE instances SET status=$status, seq=$seq, state=$state, updated_at=$updated, completed_at=$completed WHERE id=$id AND seq=$expected",
                    ("$id", commit.InstanceId), ("$status", state.Status.ToString()), ("$seq", state.Sequence),
                    ("$state", header), ("$updated", Time(state.UpdatedAt)),
                    ("$completed", state.CompletedAt is { } done ? Time(done) : null), ("$expected", commit.ExpectedSequence));
                if (await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
                {
                    throw new ConcurrencyException($"Instance '{commit.InstanceId}' changed since sequence {commit.ExpectedSequence} was read.");
                }
            }
        }
        if (commit.ContinuedAt is not null || commit.ReplaceSteps)
        {
            await RunAsync(c, tx, ct, "DELETE FROM steps WHERE instance_id=$i", ("$i", commit.InstanceId)).ConfigureAwait(false);
        }
        foreach (var step in commit.ChangedSteps)
        {
            var json = await OffloadAsync(c, tx, JsonSerializer.Serialize(step, EngineJson.Options), ct).ConfigureAwait(false);
            await RunAsync(c, tx, ct, "INSERT INTO steps(instance_id, step_id, status, state) VALUES($i, $s, $st, $j) " +
                "ON CONFLICT(instance_id, step_id) DO UPDATE SET status=excluded.status, state=excluded.state",
                ("$i", commit.InstanceId), ("$s", step.Id), ("$st", step.Status.ToString()), ("$j", json)).ConfigureAwait(false);
        }
        foreach (var h in commit.History)
        {
            var json = await OffloadAsync(c, tx, h.Event, ct).ConfigureAwait(false);
            await RunAsync(c, tx, ct, "INSERT INTO history(instance_id, seq, kind, at, event) VALUES($i, $q, $k, $a, $e)",
                ("$i", h.InstanceId), ("$q", h.Sequence), ("$k", h.Kind), ("$a", Time(h.At)), ("$e", json)).ConfigureAwait(false);
        }
        if (commit.ContinuedAt is { } continued)
        {
            await RunAsync(c, tx, ct, "DELETE FROM history WHERE instance_id=$i AND seq<$q", ("$i", commit.InstanceId), ("$q", continued)).ConfigureAwait(false);
        }
        foreach (var id in commit.DeleteWork)
        {
            await RunAsync(c, tx, ct, "DELETE FROM work WHERE id=$id", ("$id", id)).ConfigureAwait(false);
        }
        foreach (var w in commit.AddWork)
        {
            var payload = await OffloadAsync(c, tx, w.Payload, ct).ConfigureAwait(false);
            await RunAsync(c, tx, ct, "INSERT INTO work(id, instance_id, kind, due_at, payload, lease_owner, lease_until, dequeue_count) " +
                "VALUES($id, $i, $k, $due, $p, $o, $u, $n) ON CONFLICT(id) DO UPDATE SET due_at=excluded.due_at, payload=excluded.payload, " +
                "lease_owner=excluded.lease_owner, lease_until=excluded.lease_until, dequeue_count=excluded.dequeue_count",
                ("$id", w.Id), ("$i", w.InstanceId), ("$k", w.Kind.ToString()), ("$due", w.DueAt.ToUnixTimeMilliseconds()), ("$p", payload),
                ("$o", w.LeaseOwner), ("$u", w.LeaseUntil?.ToUnixTimeMilliseconds()), ("$n", w.DequeueCount)).ConfigureAwait(false);
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
}
