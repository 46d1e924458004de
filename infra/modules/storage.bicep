// The storage account for the Durable task hub (queues, tables, blobs), the deployment package, Baton's data
// container and Event Grid's dead letters. Shared-key access is off: every client uses an identity.
@description('The storage account\'s name.')
param name string

@description('The region.')
param location string

@description('Tags for the resources.')
param tags object

@description('The Blob containers to create.')
param containers string[]

@description('Network isolation: refuse public networks but for Azure\'s trusted services (the app reaches the account through private endpoints).')
param isolated bool = false

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Isolated, only private endpoints and trusted services (Event Grid writing dead letters with its identity) get in.
    networkAcls: {
      defaultAction: isolated ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [for container in containers: {
  parent: blobs
  name: container
}]

@description('The storage account\'s name.')
output name string = account.name

@description('The storage account\'s resource id.')
output id string = account.id

@description('The Blob endpoint, ending in a slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob
