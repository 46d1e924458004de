# azd's postdeploy hook on Windows: the same steps as subscribe-task-events.sh.
$ErrorActionPreference = 'Stop'
foreach ($name in 'AZURE_RESOURCE_GROUP', 'BATON_FUNCTION_APP', 'BATON_URL', 'BATON_EVENT_TOPIC', 'BATON_IDENTITY_ID', 'BATON_STORAGE_ID', 'BATON_DEADLETTER_CONTAINER') {
  if (-not [Environment]::GetEnvironmentVariable($name)) { throw "baton: $name is not in the azd environment; run azd provision first." }
}
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { throw 'baton: the Azure CLI (az) is needed to subscribe the topic to the app; install it and run azd hooks run postdeploy.' }
$key = az functionapp keys list -g $env:AZURE_RESOURCE_GROUP -n $env:BATON_FUNCTION_APP --query functionKeys.default -o tsv
if ($LASTEXITCODE -ne 0) { throw 'baton: could not read the app''s function key.' }
$limit = if ($env:BATON_ENDPOINT_WAIT_SECONDS) { [int]$env:BATON_ENDPOINT_WAIT_SECONDS } else { 600 }
$deadline = (Get-Date).AddSeconds($limit)
while ($true) {
  try {
    $answer = Invoke-WebRequest -Method Options -Uri "$($env:BATON_URL)/api/events?code=$key" -Headers @{ 'WebHook-Request-Origin' = 'eventgrid.azure.net' } -TimeoutSec 10 -SkipHttpErrorCheck
    if ($answer.Headers['WebHook-Allowed-Origin']) { Write-Host "baton: the task-event endpoint answers Event Grid's handshake"; break }
  } catch { }
  if ((Get-Date) -ge $deadline) { throw "baton: the task-event endpoint did not answer Event Grid's handshake within $limit s; check that the app started, then run azd hooks run postdeploy again." }
  Start-Sleep -Seconds 5
}
az deployment group create -g $env:AZURE_RESOURCE_GROUP -n baton-task-events -f "$PSScriptRoot/../modules/task-events.bicep" -o none `
  -p topicName=$env:BATON_EVENT_TOPIC appName=$env:BATON_FUNCTION_APP identityId=$env:BATON_IDENTITY_ID `
     storageId=$env:BATON_STORAGE_ID deadLetterContainerName=$env:BATON_DEADLETTER_CONTAINER
if ($LASTEXITCODE -ne 0) { throw 'baton: the subscription could not be created.' }
Write-Host "baton: the topic's subscription to $($env:BATON_URL)/api/events is in place"
