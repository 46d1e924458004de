using Microsoft.Extensions.DependencyInjection;

namespace Baton.ControlPlane;

/// <summary>The services both hosts register for the routes, so they answer alike.</summary>
public static class ControlPlaneServices
{
    /// <summary>Adds problem details and the JSON settings every route writes with (non-ASCII text as it is, not escaped).</summary>
    public static IServiceCollection AddBatonControlPlane(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return services;
    }
}
