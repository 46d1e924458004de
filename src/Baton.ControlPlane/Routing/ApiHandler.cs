using Microsoft.AspNetCore.Http;

namespace Baton.ControlPlane.Routing;

/// <summary>What a route does with a request: the one implementation both hosts run.</summary>
/// <remarks>Refusals are thrown (<see cref="Baton.Abstractions.ProblemException"/> and the contract's exceptions) and mapped
/// to problem details by <see cref="Http.ApiErrors"/>, in either host.</remarks>
public delegate Task<IResult> ApiHandler(ApiCall call);
