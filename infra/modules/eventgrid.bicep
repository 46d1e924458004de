// The Event Grid custom topic for task events, in the CloudEvents 1.0 schema. Keys are off: publishers use an
// identity with EventGrid Data Sender. The topic carries the app's identity to write dead letters.
@description('The topic\'s name.')
param name string

@description('The region.')
param location string

@description('Tags for the resource.')
param tags object

@description('The user-assigned identity the topic dead-letters with.')
param identityId string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

@description('The topic\'s name.')
output name string = topic.name

@description('The topic\'s endpoint.')
output endpoint string = topic.properties.endpoint
