// Network isolation (vnetEnabled): a virtual network whose 'app' subnet the function app joins (VNet integration), and
// private endpoints for the storage account's blob, queue and table services in its 'private-endpoints' subnet, with
// the private DNS zones that resolve the account to them there. The account then refuses public networks but for
// Azure's trusted services (Event Grid dead-lettering with its identity); see docs/deploy.md for what this changes.
@description('The virtual network\'s name.')
param name string

@description('The region.')
param location string

@description('Tags for the resources.')
param tags object

@description('The storage account the private endpoints reach.')
param storageName string

@allowed([
  'FlexConsumption'
  'ElasticPremium'
])
@description('The hosting plan: Flex Consumption joins a subnet delegated to Microsoft.App/environments, Elastic Premium one delegated to Microsoft.Web/serverFarms.')
param hostingPlan string

var services = [
  'blob'
  'queue'
  'table'
]

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageName
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.0.0.0/16'
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: '10.0.1.0/24'
          delegations: [
            {
              name: 'app'
              properties: {
                serviceName: hostingPlan == 'FlexConsumption' ? 'Microsoft.App/environments' : 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: '10.0.2.0/24'
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for service in services: {
  name: 'privatelink.${service}.${environment().suffixes.storage}'
  location: 'global'
  tags: tags
}]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [for (service, i) in services: {
  parent: zones[i]
  name: '${name}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}]

resource endpoints 'Microsoft.Network/privateEndpoints@2024-07-01' = [for (service, i) in services: {
  name: 'pe-${storageName}-${service}'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: vnet.properties.subnets[1].id
    }
    privateLinkServiceConnections: [
      {
        name: 'pe-${storageName}-${service}'
        properties: {
          privateLinkServiceId: storage.id
          groupIds: [
            service
          ]
        }
      }
    ]
  }
}]

resource zoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-07-01' = [for (service, i) in services: {
  parent: endpoints[i]
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: service
        properties: {
          privateDnsZoneId: zones[i].id
        }
      }
    ]
  }
}]

@description('The subnet the function app joins.')
output appSubnetId string = vnet.properties.subnets[0].id
