# azd's preprovision hook on Windows: the same steps as register-providers.sh.
$ErrorActionPreference = 'Stop'
$namespace = 'Microsoft.ContainerInstance'
if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  Write-Warning "baton: the Azure CLI (az) is not installed, so $namespace was not checked. Container tasks need it registered once per subscription: az provider register --namespace $namespace"
  exit 0
}
$subscription = if ($env:AZURE_SUBSCRIPTION_ID) { @('--subscription', $env:AZURE_SUBSCRIPTION_ID) } else { @() }
$state = az provider show --namespace $namespace @subscription --query registrationState -o tsv 2>$null
if ($state -eq 'Registered') { Write-Host "baton: $namespace is registered"; exit 0 }
Write-Host "baton: registering $namespace (was $state)"
az provider register --namespace $namespace @subscription --wait
if ($LASTEXITCODE -ne 0) { throw "baton: $namespace could not be registered; ask a subscription owner to run: az provider register --namespace $namespace" }
