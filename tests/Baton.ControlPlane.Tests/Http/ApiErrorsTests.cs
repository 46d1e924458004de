using Baton.ControlPlane.Http;

namespace Baton.ControlPlane.Tests.Http;

public sealed class ApiErrorsTests
{
    [Fact]
    public void Map_InternalArgumentException_IsAServerFaultNotA400()
    {
        var problem = ApiErrors.Map(new ArgumentException("an internal contract was broken", "x"));

        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("internal contract", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ClientErrorsThatAreArgumentExceptions_StayClientErrors()
    {
        Assert.Equal(400, ApiErrors.Map(new Baton.Abstractions.InvalidContinuationTokenException("!!")).Status);
        Assert.Equal(400, ApiErrors.Map(new Baton.Host.Auth.InvalidKeyException("bad name")).Status);
    }

    [Fact]
    public void Map_ProblemException_KeepsItsStatusTypeTitleDetailAndMembers()
    {
        var problem = ApiErrors.Map(new Baton.Abstractions.ProblemException(403, "reserved-event-name", "Reserved.", "Names starting with baton. are Baton's.",
            new Dictionary<string, object?> { ["name"] = "baton.x" }));

        Assert.Equal((403, "https://baton.dev/problems/reserved-event-name", "Reserved.", "Names starting with baton. are Baton's."),
            (problem.Status, problem.Type, problem.Title, problem.Detail));
        Assert.Equal("baton.x", problem.Extensions["name"]);
    }
}
