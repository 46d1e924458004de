using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Baton.Runtime.Catalog;

namespace Baton.Runtime.Runners.Aci;

/// <summary>The Azure Container Instances container group of one task attempt: its name, the body Baton creates it
/// with, and what its state says.</summary>
/// <remarks>Shapes follow the ARM REST reference for <c>Microsoft.ContainerInstance/containerGroups</c>, API version
/// <see cref="ApiVersion"/>. A group holds one container, <see cref="ContainerName"/>, with restart policy Never.</remarks>
public static class ContainerGroup
{
    /// <summary>The Resource Manager API version every request uses.</summary>
    public const string ApiVersion = "2023-05-01";

    /// <summary>The resource type.</summary>
    public const string ResourceType = "Microsoft.ContainerInstance/containerGroups";

    /// <summary>The one container in each group.</summary>
    public const string ContainerName = "task";

    /// <summary>The secret volume that carries the input file; mounted read-only at the folder of <see cref="ContainerRunner.InputPath"/>.</summary>
    public const string InputVolume = "baton-input";

    /// <summary>The CPU cores a container requests when the binding says nothing.</summary>
    public const double DefaultCpu = 1;

    /// <summary>The memory in GB a container requests when the binding says nothing.</summary>
    public const double DefaultMemoryGb = 1.5;

    /// <summary>The group's name for an attempt: valid for ACI (lowercase letters, digits and single hyphens, at most 63),
    /// readable, and unique per idempotency key, so a redelivery finds the group the first delivery made.</summary>
    public static string Name(string idempotencyKey)
    {
        var readable = new StringBuilder();
        foreach (var c in idempotencyKey.ToLowerInvariant())
        {
            var next = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (next != '-' || (readable.Length > 0 && readable[^1] != '-'))
            {
                readable.Append(next);
            }
        }
        var text = readable.ToString().Trim('-');
        text = text.Length > 34 ? text[..34].TrimEnd('-') : text;
        return $"baton-{(text.Length > 0 ? text + "-" : "")}{Abstractions.ContentHash.Of(idempotencyKey)[..20]}";
    }

    /// <summary>The body that creates the attempt's group.</summary>
    /// <param name="b">The binding.</param>
    /// <param name="location">The region.</param>
    /// <param name="environment">The container's environment; every value but the attempt's ids is sent as a secure value, which ACI never returns.</param>
    /// <param name="command">The argv, or null for the image's own.</param>
    /// <param name="inputFile">The input file's bytes for the secret volume, or null when the input only travels by Blob URL.</param>
    /// <param name="tags">Tags naming the attempt.</param>
    public static JsonObject Body(ContainerBinding b, string location, IEnumerable<KeyValuePair<string, string>> environment, string[]? command,
        byte[]? inputFile, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(b);
        var env = new JsonArray();
        foreach (var (name, value) in environment)
        {
            env.Add(Plain.Contains(name) ? new JsonObject { ["name"] = name, ["value"] = value } : new JsonObject { ["name"] = name, ["secureValue"] = value });
        }
        var container = new JsonObject
        {
            ["image"] = b.Image,
            ["environmentVariables"] = env,
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = b.Cpu ?? DefaultCpu, ["memoryInGB"] = b.MemoryGb ?? DefaultMemoryGb },
            },
        };
        if (command is not null)
        {
            container["command"] = new JsonArray([.. command.Select(a => (JsonNode?)a)]);
        }
        var properties = new JsonObject
        {
            ["osType"] = "Linux",
            ["restartPolicy"] = "Never",
            ["sku"] = "Standard",
            ["containers"] = new JsonArray(new JsonObject { ["name"] = ContainerName, ["properties"] = container }),
        };
        if (inputFile is not null)
        {
            container["volumeMounts"] = new JsonArray(new JsonObject
            {
                ["name"] = InputVolume,
                ["mountPath"] = Path.GetDirectoryName(ContainerRunner.InputPath),
                ["readOnly"] = true,
            });
            properties["volumes"] = new JsonArray(new JsonObject
            {
                ["name"] = InputVolume,
                ["secret"] = new JsonObject { [Path.GetFileName(ContainerRunner.InputPath)] = Convert.ToBase64String(inputFile) },
            });
        }
        var tagObject = new JsonObject();
        foreach (var (key, value) in tags)
        {
            tagObject[key] = value.Length > 256 ? value[..256] : value;
        }
        return new JsonObject { ["location"] = location, ["tags"] = tagObject, ["properties"] = properties };
    }

    /// <summary>Variables that name the attempt and carry nothing secret; the rest go as secure values.</summary>
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "BATON_INPUT_FILE", "BATON_IDEMPOTENCY_KEY", "BATON_ATTEMPT", "BATON_INSTANCE_ID", "BATON_STEP_ID", "TRACEPARENT",
    };

    /// <summary>What a group's state (its <c>properties</c> from a GET) says about the attempt.</summary>
    public static GroupState State(JsonNode? properties)
    {
        var container = (properties?["containers"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => (string?)c["name"] == ContainerName)?["properties"]?["instanceView"];
        var current = container?["currentState"];
        var state = Text(current?["state"]);
        if (string.Equals(state, "Terminated", StringComparison.OrdinalIgnoreCase))
        {
            return new GroupState(GroupPhase.Terminated, current?["exitCode"] is JsonValue v && v.TryGetValue<long>(out var code) ? code : -1, Text(current?["detailStatus"]));
        }
        var events = (container?["events"] as JsonArray)?.OfType<JsonObject>()
            .Where(e => string.Equals(Text(e["type"]), "Warning", StringComparison.OrdinalIgnoreCase))
            .Select(e => Text(e["message"])).Where(m => m.Length > 0).ToList() ?? [];
        var detail = Text(current?["detailStatus"]);
        if (detail.Contains("ImagePull", StringComparison.OrdinalIgnoreCase)
            || events.Any(m => m.Contains("pull", StringComparison.OrdinalIgnoreCase) && m.Contains("fail", StringComparison.OrdinalIgnoreCase)))
        {
            return new GroupState(GroupPhase.ImagePullFailed, null, string.Join(" ", events.Prepend(detail).Where(m => m.Length > 0).Distinct()));
        }
        if (string.Equals(Text(properties?["provisioningState"]), "Failed", StringComparison.OrdinalIgnoreCase))
        {
            return new GroupState(GroupPhase.Failed, null, string.Join(" ", events.DefaultIfEmpty("Provisioning failed.")));
        }
        return new GroupState(GroupPhase.Running, null, state);
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>Tags that say which attempt a group belongs to.</summary>
    public static IReadOnlyDictionary<string, string> Tags(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["baton-instance"] = context.InstanceId,
            ["baton-step"] = context.StepId,
            ["baton-attempt"] = context.Attempt.ToString(CultureInfo.InvariantCulture),
        };
    }
}
