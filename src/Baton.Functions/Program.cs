using Baton.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The isolated worker: ASP.NET Core integration for HTTP triggers, the Durable extension for the orchestrator and
// activity, and Baton's services (definition store in Blob storage, runners, reply tokens).
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
AppSettings.Validate(builder.Configuration);
builder.Services.AddBatonFunctions(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
