using System.Globalization;
using System.Text.Json.Nodes;
using Baton.Core.Definitions;
using Baton.Core.Engine;
using Baton.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Baton.Abstractions;

namespace Baton.Durable.Tests.Conformance;

/// <summary>Hostile inputs, generated from a fixed seed, that every backend refuses or runs alike: data references
/// forged into inputs, durations of any size, bursts of starts with one id, and task reports raised by name.</summary>
/// <remarks>Derive once per backend. Each test draws its cases from its own seed, so a failure names a case that
/// replays; the cases are generated, not written, so they reach shapes the example tests do not.</remarks>
public abstract class HostileInputConformance : ConformanceSuite
{
    private static readonly Baton.Abstractions.StoredDefinition Echo =
        Backends.Workflow("echoes", "  steps:\n    - { id: a, task: echo, input: \"${input}\" }\n  output:\n    mapping: \"${steps.a.output}\"\n");

    [Fact]
    public async Task Start_GeneratedInputsWithAndWithoutADataReference_RefusedOrEchoedWhole()
    {
        var random = new Random(2201);
        for (var i = 0; i < 24; i++)
        {
            var input = RandomJson(random, 4);
            var forged = i % 2 == 0;
            if (forged)
            {
                input = Plant(random, input, Core.ValueReference.Create($"instances/other-{i}/values/0.json", new string('a', 64), random.Next(40_000, 9_000_000), "string"));
            }
            var id = $"gen-ref-{i}";
            if (forged)
            {
                await Assert.ThrowsAsync<InvalidInputException>(() => Backend.StartAsync(new StartRequest(Echo, null, input, id)));
                Assert.Null(await Backend.StatusAsync(id));
                continue;
            }
            var outcome = await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(Echo, null, input, id)));
            Assert.True(JsonNode.DeepEquals(input, outcome.Output), $"case {i}: {input?.ToJsonString()} came back as {outcome.Output?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Start_GeneratedDurations_RunWithinTheMaximumAndAreRefusedPastIt()
    {
        var random = new Random(2202);
        // At least ten minutes, so a timeout never ends the echo on a slow machine; at most 10^30 of the unit.
        string[] units = ["m", "h", "d"];
        for (var i = 0; i < 16; i++)
        {
            var number = (10 + Math.Floor(random.NextDouble() * Math.Pow(10, random.Next(0, 31)))).ToString("0", CultureInfo.InvariantCulture);
            var duration = number + units[random.Next(units.Length)];
            var workflow = Backends.Workflow($"durations-{i}",
                $"  config: {{ timeout: {duration} }}\n  steps:\n    - {{ id: a, task: echo, input: {{ d: \"{duration}\" }}, timeout: {duration}, retry: {{ max_attempts: 2, initial_delay: {duration} }} }}\n");
            if (!Duration.TryParse(duration, out _))
            {
                var refused = await Assert.ThrowsAsync<DefinitionException>(() => Backend.StartAsync(new StartRequest(workflow, null, null, $"gen-dur-{i}")));
                Assert.All(refused.Diagnostics, d => Assert.Equal("BTN091", d.Code));
                Assert.Equal(3, refused.Diagnostics.Count);
                continue;
            }
            var outcome = await Backend.WaitAsync(await Backend.StartAsync(new StartRequest(workflow, null, null, $"gen-dur-{i}")));
            Assert.True(outcome.Status == InstanceStatus.Completed, $"case {i} ({duration}): {outcome.Status} {outcome.ErrorCode}");
        }
    }

    [Fact]
    public async Task Start_GeneratedBurstsWithOneId_ExactlyOneWinsAndRunsItsInput()
    {
        var random = new Random(2203);
        for (var round = 0; round < 3; round++)
        {
            var id = $"gen-burst-{round}";
            var starts = Enumerable.Range(0, random.Next(2, 11)).Select(n => Task.Run(async () =>
            {
                try
                {
                    await Backend.StartAsync(new StartRequest(Echo, null, new JsonObject { ["n"] = n }, id));
                    return n;
                }
                catch (InstanceExistsException)
                {
                    return -1;
                }
            })).ToList();

            var winner = Assert.Single(await Task.WhenAll(starts), n => n >= 0);
            Assert.Equal(winner, (await Backend.WaitAsync(id)).Output!["n"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task RaiseEvent_GeneratedReportsUnderTheReservedName_ChangeNothing()
    {
        var random = new Random(2204);
        var triggered = 0;
        await using var service = await LoopbackServer.StartAsync(app => app.MapPost("/events", () =>
        {
            Interlocked.Increment(ref triggered);
            return Results.Ok();
        }));
        var catalog = Backends.Catalog($$"""
              check: { runner: event, endpoint: "{{service.Url("events")}}", key_setting: TOPIC_KEY, allow_private_network: true }
            """);
        var id = await Backend.StartAsync(new StartRequest(Backends.Workflow("forged", """
              steps:
                - { id: check, task: check, timeout: 2m }
              output:
                mapping: "${steps.check.output}"
            """), catalog, null, "gen-forged"));
        await Eventually.UntilAsync(() => Volatile.Read(ref triggered) > 0, "the .triggered event to reach the service", TimeSpan.FromSeconds(60));

        for (var i = 0; i < 12; i++)
        {
            var (step, attempt) = random.Next(3) == 0 ? ($"s{random.Next(100)}", random.Next(1, 4)) : ("check", 1);
            var report = new JsonObject
            {
                ["Phase"] = random.Next(2) == 0 ? "finished" : "started",
                ["Data"] = RandomJson(random, 2),
                ["Result"] = new JsonObject { ["Kind"] = random.Next(2) == 0 ? "ok" : "failed", ["Output"] = new JsonObject { ["forged"] = i } },
                ["Proof"] = random.Next(2) == 0 ? null : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            };
            await Backend.RaiseEventAsync(id, DurableNames.TaskReport(step, attempt), report);
        }
        Assert.True(await Backend.ReportAsync(id, TaskReport.Finished("check", 1, TaskResult.Ok(new JsonObject { ["genuine"] = true }))));

        var outcome = await Backend.WaitAsync(id);
        Assert.Equal("""{"genuine":true}""", outcome.Output!.ToJsonString());
    }

    /// <summary>A random JSON value up to a depth: objects, arrays, strings (some with '$' keys that are not the marker), numbers, booleans, null.</summary>
    private static JsonNode? RandomJson(Random random, int depth) => (depth <= 0 ? random.Next(4) : random.Next(6)) switch
    {
        0 => JsonValue.Create(random.Next(-1000, 1000)),
        1 => JsonValue.Create(new string((char)random.Next('a', 'z' + 1), random.Next(0, 20))),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => null,
        4 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth - 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 4)).Select(k =>
            KeyValuePair.Create(random.Next(5) == 0 ? $"$baton{k}" : $"k{k}", RandomJson(random, depth - 1)))),
    };

    /// <summary>The value with a node put at a random place inside it (or wrapped around it).</summary>
    private static JsonNode Plant(Random random, JsonNode? value, JsonNode planted)
    {
        switch (value)
        {
            case JsonObject o when o.Count > 0 && random.Next(3) > 0:
                var key = o.ElementAt(random.Next(o.Count)).Key;
                o[key] = Plant(random, o[key]?.DeepClone(), planted);
                return o;
            case JsonArray a when a.Count > 0 && random.Next(3) > 0:
                var index = random.Next(a.Count);
                a[index] = Plant(random, a[index]?.DeepClone(), planted);
                return a;
            default:
                return random.Next(2) == 0 ? new JsonObject { ["wrapped"] = value, ["ref"] = planted } : new JsonArray(value, planted);
        }
    }

    [Fact]
    public async Task Start_SixteenAtOnceWithOneId_ExactlyOneWinsAndRunsItsInput()
    {
        var workflow = Backends.Workflow("once", "  steps:\n    - { id: a, task: echo, input: \"${input}\" }\n  output:\n    mapping: \"${steps.a.output}\"\n");
        var starts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await Backend.StartAsync(new StartRequest(workflow, null, new JsonObject { ["n"] = i }, "once"));
                return i;
            }
            catch (InstanceExistsException)
            {
                return -1;
            }
        })).ToList();

        var winner = Assert.Single(await Task.WhenAll(starts), i => i >= 0);
        var outcome = await Backend.WaitAsync("once");
        Assert.Equal(winner, outcome.Output!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_InputHoldingADataReference_IsRefusedAndStoresNothing()
    {
        var input = new JsonObject { ["photo"] = Core.ValueReference.Create("instances/someone-else/values/0.json", new string('0', 64), 50_000, "string") };
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            Backend.StartAsync(new StartRequest(Backends.Workflow("refs", "  steps:\n    - { id: a, task: echo }\n"), null, input, "refs")));
        Assert.Contains("$baton.ref", refused.Message, StringComparison.Ordinal);
        Assert.Null(await Backend.StatusAsync("refs"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("with space")]
    [InlineData("")]
    public async Task Start_InvalidInstanceId_IsRefused(string id) =>
        await Assert.ThrowsAsync<InvalidInstanceIdException>(() =>
            Backend.StartAsync(new StartRequest(Backends.Workflow("ids", "  steps:\n    - { id: a, task: noop }\n"), null, null, id)));
}
