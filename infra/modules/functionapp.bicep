// The function app (isolated .NET worker) on Flex Consumption or Elastic Premium, running as the user-assigned
// identity. Its app settings are exactly those src/Baton.Functions/AppSettings.cs lists (a test checks both ways).
@description('The hosting plan\'s name.')
param planName string

@description('The function app\'s name.')
param appName string

@description('The region.')
param location string

@description('Tags for the resources.')
param tags object

@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
@description('The hosting plan.')
param hostingPlan string

@description('Flex Consumption: the most instances.')
param maximumInstanceCount int

@description('Flex Consumption: memory per instance, in MB.')
param instanceMemoryMB int

@minValue(0)
@maxValue(10)
@description('Flex Consumption: instances kept ready for the durable group (orchestrations and activities); 0 scales to zero.')
param durableAlwaysReady int = 0

@description('The user-assigned identity\'s resource id.')
param identityId string

@description('The user-assigned identity\'s client id.')
param identityClientId string

@description('The storage account\'s name.')
param storageName string

@description('The storage account\'s Blob endpoint, ending in a slash.')
param blobEndpoint string

@description('The Blob container Flex Consumption deploys the package to.')
param packageContainerName string

@description('Application Insights\' connection string.')
param insightsConnectionString string

@description('The Durable task hub\'s name.')
param taskHubName string

@description('Baton\'s data container.')
param dataContainerName string

@description('The claim-check threshold in bytes.')
param dataThresholdBytes int

@description('The resource group container tasks\' container groups are created in.')
param containerGroupResourceGroup string

@description('The Event Grid topic\'s endpoint, where shipyard sequences\' lifecycle events are published (with the identity).')
param eventTopicEndpoint string

@description('The application (client) id of an Entra ID app registration. Given: App Service authentication signs every caller in with Entra ID (tokens issued for that app) in front of the function keys, which the Functions host still checks. Empty: keys only.')
param entraClientId string = ''

@description('The subnet the app joins (VNet integration); empty: none.')
param subnetId string = ''

@description('The queue service the service pools run on (their Container Apps scale on it); empty: no pools.')
param poolStorage string = ''

var flex = hostingPlan == 'FlexConsumption'

// Read by the host and by Baton alike; see AppSettings.cs for who reads which.
var commonSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  {
    name: 'BATON_TASK_HUB'
    value: taskHubName
  }
  {
    name: 'BATON_DATA_CONTAINER'
    value: dataContainerName
  }
  {
    name: 'BATON_DATA_THRESHOLD'
    value: string(dataThresholdBytes)
  }
  {
    name: 'BATON_CONTAINER_PLATFORM'
    value: 'aci'
  }
  {
    name: 'BATON_ACI_SUBSCRIPTION_ID'
    value: subscription().subscriptionId
  }
  {
    name: 'BATON_ACI_RESOURCE_GROUP'
    value: containerGroupResourceGroup
  }
  {
    name: 'BATON_ACI_LOCATION'
    value: location
  }
  {
    name: 'BATON_KEPTN_EVENTS_ENDPOINT'
    value: eventTopicEndpoint
  }
  {
    // The Timer trigger that looks at workflows' schedule and queue triggers (src/Baton.Functions/TriggerFunctions.cs).
    name: 'BATON_TRIGGER_SCHEDULE'
    value: '*/10 * * * * *'
  }
]

// With service pools, the app queues their attempts and applies their reports; Container Apps run the replicas.
var poolSettings = empty(poolStorage) ? [] : [
  {
    name: 'BATON_POOL_STORAGE'
    value: poolStorage
  }
  {
    name: 'BATON_POOL_PLATFORM'
    value: 'external'
  }
]

// Flex Consumption takes the runtime from functionAppConfig and refuses these; Elastic Premium needs them, and runs
// the deployed package without an Azure Files content share (which would need a storage key).
var premiumSettings = [
  {
    name: 'FUNCTIONS_EXTENSION_VERSION'
    value: '~4'
  }
  {
    name: 'FUNCTIONS_WORKER_RUNTIME'
    value: 'dotnet-isolated'
  }
  {
    name: 'WEBSITE_RUN_FROM_PACKAGE'
    value: '1'
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: flex ? 'functionapp' : 'elastic'
  sku: flex ? {
    name: 'FC1'
    tier: 'FlexConsumption'
  } : {
    name: 'EP1'
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: flex ? null : 20
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'baton'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    keyVaultReferenceIdentity: identityId
    functionAppConfig: flex ? {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${packageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Flex's documentation recommends an always-ready instance for Durable apps (the orchestrations' group).
        alwaysReady: durableAlwaysReady > 0 ? [
          {
            name: 'durable'
            instanceCount: durableAlwaysReady
          }
        ] : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    } : null
    // Flex Consumption sites refuse most site configuration (ARM error 51021 for ftpsState, among others): as in
    // Microsoft's Flex templates they get alwaysOn off and their app settings only (TLS 1.2 is their minimum already,
    // and FTP is not offered on them). Elastic Premium sites keep the hardening.
    siteConfig: flex ? {
      alwaysOn: false
      appSettings: concat(commonSettings, poolSettings)
    } : {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(commonSettings, poolSettings, premiumSettings)
    }
  }
}

@description('The function app\'s name.')
output name string = app.name

@description('The function app\'s host name.')
output hostName string = app.properties.defaultHostName

// App Service authentication ("Easy Auth") in front of the Functions host: a request needs an Entra ID sign-in (a browser
// is sent to the sign-in page; an API client sends a bearer token for the app registration) and then, for Function and
// Admin routes, the key the host checks as before. The paths machines call without a user are left to their keys:
// Event Grid's deliveries and services' reports (/api/events), Keptn's events and Prometheus scrapes (/metrics).
resource auth 'Microsoft.Web/sites/config@2025-03-01' = if (!empty(entraClientId)) {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/events'
        '/api/keptn/events'
        '/metrics'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            entraClientId
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
