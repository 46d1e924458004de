// Service pools in Azure: for each pool in the `pools` parameter, its work queue and a Container App whose replicas take
// the queue's attempts, scaled by KEDA's azure-queue rule, the same rule Baton's own scaler applies locally
// (desired = ceil(queue length / target_per_replica), between min and max, scaling in after the cooldown). The replicas
// sign in with their own identity, which may only process their pool's queue and add to the results queue.
@description('The pools: each { task, queue, image, min, max, targetPerReplica, scaleDownAfterSeconds, visibilitySeconds?, format?, cpu?, memory?, env? }; queue is what `baton catalog show <task>` prints.')
param pools array

@description('The region.')
param location string

@description('Tags for the resources.')
param tags object

@description('The storage account that holds the pools\' queues.')
param storageName string

@description('The Log Analytics workspace the replicas log to.')
param workspaceName string

@description('The Container Apps environment\'s name.')
param environmentName string

@description('The replicas\' identity\'s name.')
param identityName string

var resultsQueueName = 'baton-svc-results'
var roles = {
  queueMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed' // peek, receive and delete messages
  queueMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a' // add messages
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource results 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = {
  parent: queueService
  name: resultsQueueName
}

resource work 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [for pool in pools: {
  parent: queueService
  name: pool.queue
}]

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: workspaceName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

resource processWork 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (pool, i) in pools: {
  name: guid(work[i].id, identity.id, roles.queueMessageProcessor)
  scope: work[i]
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueMessageProcessor)
  }
}]

resource sendResults 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(results.id, identity.id, roles.queueMessageSender)
  scope: results
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.queueMessageSender)
  }
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
  }
}

resource apps 'Microsoft.App/containerApps@2025-01-01' = [for (pool, i) in pools: {
  name: 'ca-pool-${uniqueString(resourceGroup().id, pool.queue)}'
  location: location
  tags: union(tags, { 'baton-task': pool.task })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  dependsOn: [
    processWork[i]
    sendResults
  ]
  properties: {
    environmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
    }
    template: {
      containers: [
        {
          name: 'replica'
          image: pool.image
          resources: {
            cpu: json(string(pool.?cpu ?? '0.5'))
            memory: pool.?memory ?? '1Gi'
          }
          env: concat([
            { name: 'BATON_POOL_QUEUE', value: '${storage.properties.primaryEndpoints.queue}${pool.queue}' }
            { name: 'BATON_POOL_RESULTS', value: '${storage.properties.primaryEndpoints.queue}${resultsQueueName}' }
            { name: 'BATON_POOL_VISIBILITY', value: string(pool.?visibilitySeconds ?? 300) }
            { name: 'BATON_FORMAT', value: pool.?format ?? 'json' }
            { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
          ], pool.?env ?? [])
        }
      ]
      // A replica gets SIGTERM and this long to finish the attempt in hand before it is stopped.
      terminationGracePeriodSeconds: min(pool.?visibilitySeconds ?? 300, 600)
      scale: {
        minReplicas: pool.min
        maxReplicas: pool.max
        cooldownPeriod: pool.scaleDownAfterSeconds
        pollingInterval: 5
        rules: [
          {
            name: 'queue'
            azureQueue: {
              accountName: storage.name
              queueName: pool.queue
              queueLength: pool.targetPerReplica
              identity: identity.id
            }
          }
        ]
      }
    }
  }
}]

@description('The queue service\'s address, for the function app\'s BATON_POOL_STORAGE.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue
