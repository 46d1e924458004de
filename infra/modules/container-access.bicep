// The app's right to run container tasks on Azure Container Instances: a custom role that may create, read and
// delete container groups (and read their logs) in this one resource group, and do nothing else.
@description('The app identity\'s object id.')
param principalId string

resource runner 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'baton-container-task-runner')
  properties: {
    // Custom role names are unique in the tenant: the subscription keeps one environment name usable in several subscriptions.
    roleName: 'Baton container task runner (${resourceGroup().name}, ${subscription().subscriptionId})'
    description: 'Create, read and delete container groups and read their containers\' logs in one resource group.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.ContainerInstance/containerGroups/read'
          'Microsoft.ContainerInstance/containerGroups/write'
          'Microsoft.ContainerInstance/containerGroups/delete'
          'Microsoft.ContainerInstance/containerGroups/stop/action'
          'Microsoft.ContainerInstance/containerGroups/containers/logs/read'
          'Microsoft.ContainerInstance/locations/operationresults/read'
          'Microsoft.Resources/subscriptions/resourceGroups/read'
        ]
      }
    ]
  }
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, runner.id)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: runner.id
  }
}
