// Baton's function app in one subscription: `azd up` deploys this, then the app from src/Baton.Functions.
// Everything authenticates with one user-assigned managed identity; no storage or topic keys exist.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('The azd environment name; it names the resource groups and seeds the resources\' unique names.')
param environmentName string

@minLength(1)
@description('The region for every resource.')
param location string

@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
@description('The hosting plan: Flex Consumption (scale to zero, per-second billing) or Elastic Premium (EP1, always warm).')
param hostingPlan string = 'FlexConsumption'

@minValue(40)
@maxValue(1000)
@description('Flex Consumption only: the most instances the app scales out to.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Flex Consumption only: memory per instance, in MB.')
param instanceMemoryMB int = 2048

@minLength(3)
@maxLength(45)
@description('The Durable task hub\'s name: letters and digits, starting with a letter.')
param taskHubName string = 'BatonHub'

@minLength(3)
@maxLength(63)
@description('The Blob container for definitions, catalogs and step data over the threshold.')
param dataContainerName string = 'baton-data'

@minValue(1024)
@description('Step data above this many bytes goes to the data container; history keeps a reference.')
param dataThresholdBytes int = 32768

@description('The object id of whoever runs the deployment (azd sets it): given Key Vault Secrets Officer so they can store secrets. Empty: no one is.')
param principalId string = ''

@description('Key Vault purge protection. Off (the default, for environments that come and go): `azd down --purge` removes the vault and `azd up` may create it again at once. On (production): a deleted vault cannot be purged for 7 days, and its name cannot be reused until then.')
param keyVaultPurgeProtection bool = false

@description('The application (client) id of an Entra ID app registration: given, every caller signs in with Entra ID (App Service authentication) besides presenting its function key; empty, keys only. See docs/deploy.md.')
param entraClientId string = ''

@minValue(0)
@maxValue(10)
@description('Flex Consumption: instances of the durable group kept ready (billed while idle). 0, the default, lets the app scale to zero; 1 is what the Flex documentation recommends for Durable apps in production, sparing the first orchestration after a quiet spell a cold start.')
param durableAlwaysReady int = 0

@description('Network isolation: a virtual network the app joins, and private endpoints for storage, which then refuses public networks but for Azure\'s trusted services. Off by default; see docs/deploy.md for what it changes (container tasks and service pools cannot reach Blob data then).')
param vnetEnabled bool = false

@description('Service pools to run as Container Apps, each { task, queue, image, min, max, targetPerReplica, scaleDownAfterSeconds, visibilitySeconds?, format?, cpu?, memory?, env? } (see docs/catalog.md); empty: none.')
param pools array = []

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  resourceGroup: 'rg-${environmentName}'
  containerGroups: 'rg-${environmentName}-tasks'
  identity: 'id-baton-${token}'
  storage: 'stbaton${token}'
  logs: 'log-baton-${token}'
  insights: 'appi-baton-${token}'
  vault: 'kv-baton-${token}'
  topic: 'evgt-baton-${token}'
  plan: 'plan-baton-${token}'
  app: 'func-baton-${token}'
  poolEnvironment: 'cae-baton-${token}'
  vnet: 'vnet-baton-${token}'
  poolIdentity: 'id-baton-pools-${token}'
}
var packageContainerName = 'app-package'
var deadLetterContainerName = 'task-events-deadletter'

resource appGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

// Container tasks on Azure Container Instances run in their own group, so the app's right to create and delete
// container groups reaches nothing else.
resource taskGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.containerGroups
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: appGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: appGroup
  params: {
    workspaceName: names.logs
    insightsName: names.insights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: appGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    containers: [
      packageContainerName
      dataContainerName
      deadLetterContainerName
    ]
    isolated: vnetEnabled
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  scope: appGroup
  params: {
    name: names.vnet
    location: location
    tags: tags
    storageName: storage.outputs.name
    hostingPlan: hostingPlan
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: appGroup
  params: {
    name: names.vault
    location: location
    tags: tags
    purgeProtection: keyVaultPurgeProtection
  }
}

module topic 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: appGroup
  params: {
    name: names.topic
    location: location
    tags: tags
    identityId: identity.outputs.id
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  scope: appGroup
  params: {
    principalId: identity.outputs.principalId
    storageName: storage.outputs.name
    topicName: topic.outputs.name
    vaultName: vault.outputs.name
    insightsName: monitoring.outputs.insightsName
    operatorId: principalId
  }
}

module taskAccess 'modules/container-access.bicep' = {
  name: 'container-access'
  scope: taskGroup
  params: {
    principalId: identity.outputs.principalId
  }
}

module servicePools 'modules/pools.bicep' = if (!empty(pools)) {
  name: 'pools'
  scope: appGroup
  params: {
    pools: pools
    location: location
    tags: tags
    storageName: storage.outputs.name
    workspaceName: names.logs
    environmentName: names.poolEnvironment
    identityName: names.poolIdentity
  }
  dependsOn: [
    monitoring
  ]
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: appGroup
  dependsOn: [
    access
    taskAccess
  ]
  params: {
    planName: names.plan
    appName: names.app
    location: location
    tags: tags
    hostingPlan: hostingPlan
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableAlwaysReady: durableAlwaysReady
    subnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    packageContainerName: packageContainerName
    insightsConnectionString: monitoring.outputs.connectionString
    taskHubName: taskHubName
    dataContainerName: dataContainerName
    dataThresholdBytes: dataThresholdBytes
    containerGroupResourceGroup: taskGroup.name
    eventTopicEndpoint: topic.outputs.endpoint
    entraClientId: entraClientId
    poolStorage: empty(pools) ? '' : servicePools!.outputs.queueEndpoint
  }
}

@description('The resource group that holds the app (azd reads it).')
output AZURE_RESOURCE_GROUP string = appGroup.name

@description('The resource group container tasks\' container groups are created in.')
output BATON_TASK_RESOURCE_GROUP string = taskGroup.name

@description('The function app\'s name.')
output BATON_FUNCTION_APP string = app.outputs.name

@description('The function app\'s base URL; the API is under /api.')
output BATON_URL string = 'https://${app.outputs.hostName}'

@description('The Event Grid topic task services publish .started, .status.changed and .finished to (and where .triggered events can be published).')
output BATON_EVENT_TOPIC_ENDPOINT string = topic.outputs.endpoint

@description('The Key Vault for secrets; reference them from app settings as @Microsoft.KeyVault(SecretUri=...).')
output BATON_KEY_VAULT_URI string = vault.outputs.uri

@description('The storage account for the task hub and the data container.')
output BATON_STORAGE_ACCOUNT string = storage.outputs.name

@description('The client id of the app\'s managed identity.')
output BATON_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('The Event Grid topic\'s name (the postdeploy hook subscribes it to the app).')
output BATON_EVENT_TOPIC string = topic.outputs.name

@description('The app identity\'s resource id (the topic dead-letters with it).')
output BATON_IDENTITY_ID string = identity.outputs.id

@description('The storage account\'s resource id (dead letters go to its blobs).')
output BATON_STORAGE_ID string = storage.outputs.id

@description('The Blob container for undeliverable task reports.')
output BATON_DEADLETTER_CONTAINER string = deadLetterContainerName
