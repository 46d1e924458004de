using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Baton.Hosts.Testing;

namespace Baton.ControlPlane.Tests.Routes;

/// <summary>JWT bearer tokens (the Entra ID path) beside function keys, validated for real: signature, audience, issuer, lifetime.</summary>
public sealed class BearerTokenTests : IAsyncLifetime
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private ServeServer _host = null!;

    public async Task InitializeAsync() => _host = await ServeServer.StartAsync(new ApiServerOptions { Environment = new Dictionary<string, string?>
    {
        ["BATON_JWT_AUDIENCE"] = "api://baton",
        ["BATON_JWT_ISSUER"] = "https://issuer.test/",
        ["BATON_JWT_SIGNING_KEY"] = Convert.ToBase64String(Key),
    } });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Token(string audience = "api://baton", string? role = null, byte[]? key = null, DateTime? expires = null)
    {
        var claims = new List<Claim> { new("sub", "tester") };
        if (role is not null)
        {
            claims.Add(new Claim("roles", role));
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = audience,
            Issuer = "https://issuer.test/",
            Subject = new ClaimsIdentity(claims),
            NotBefore = DateTime.UtcNow.AddMinutes(-30),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            IssuedAt = DateTime.UtcNow.AddMinutes(-30),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<HttpStatusCode> CallAsync(string path, string token, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _host.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task ValidToken_GrantsFunctionLevel_AndAdminOnlyWithTheRole()
    {
        Assert.Equal(HttpStatusCode.OK, await CallAsync("/api/instances", Token()));
        Assert.Equal(HttpStatusCode.Forbidden, await CallAsync("/api/definitions", Token()));
        Assert.Equal(HttpStatusCode.OK, await CallAsync("/api/definitions", Token(role: "Baton.Admin")));
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("wrong-key")]
    [InlineData("expired")]
    public async Task InvalidToken_IsRefused(string flaw)
    {
        var token = flaw switch
        {
            "wrong-audience" => Token(audience: "api://other"),
            "wrong-key" => Token(key: RandomNumberGenerator.GetBytes(32)),
            _ => Token(expires: DateTime.UtcNow.AddMinutes(-10)),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync("/api/instances", token));
    }
}
