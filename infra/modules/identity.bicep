// The one identity the function app (and the Event Grid topic, for dead-lettering) authenticates with.
@description('The identity\'s name.')
param name string

@description('The region.')
param location string

@description('Tags for the resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('The identity\'s resource id.')
output id string = identity.id

@description('The identity\'s client id (AZURE_CLIENT_ID and AzureWebJobsStorage__clientId).')
output clientId string = identity.properties.clientId

@description('The identity\'s object id, for role assignments.')
output principalId string = identity.properties.principalId
