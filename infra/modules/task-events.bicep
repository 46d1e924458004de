// Event Grid delivers task services' reports (.started, .status.changed, .finished) to the app's task-event
// endpoint. Made only once the app's code runs: Event Grid checks the endpoint (the CloudEvents abuse-protection
// handshake, which the endpoint answers) when the subscription is created.
@description('The Event Grid topic\'s name.')
param topicName string

@description('The function app\'s name.')
param appName string

@description('The identity the topic writes dead letters with.')
param identityId string

@description('The storage account that keeps dead letters.')
param storageId string

@description('The Blob container for dead letters.')
param deadLetterContainerName string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource app 'Microsoft.Web/sites@2025-03-01' existing = {
  name: appName
}

// The endpoint takes the app's default function key; Event Grid keeps the URL as a secret.
var endpoint = 'https://${app.properties.defaultHostName}/api/events?code=${listKeys('${app.id}/host/default', '2025-03-01').functionKeys.default}'

resource reports 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'baton-task-reports'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpoint
        maxEventsPerBatch: 1 // the endpoint refuses a delivery whole, so one bad report must not take good ones with it
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      advancedFilters: [
        {
          operatorType: 'StringEndsWith'
          key: 'type'
          values: [
            '.started'
            '.status.changed'
            '.finished'
          ]
        }
        // Only reports carry the attempt's reply token; Baton's own lifecycle events on this topic
        // (sh.keptn.event.<stage>.<sequence>.finished) do not, and stay away from the endpoint.
        {
          operatorType: 'IsNotNull'
          key: 'batontoken'
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: identityId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storageId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}
