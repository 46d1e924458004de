// Secrets for task bindings (topic keys of outside services, API tokens). The app reads them as Key Vault
// references in app settings, resolved by App Service with the app's identity; Baton never stores them.
@description('The vault\'s name.')
param name string

@description('The region.')
param location string

@description('Tags for the resource.')
param tags object

@description('Purge protection: true keeps a deleted vault unpurgeable for its retention (7 days), so its name cannot be used again until then; false lets `azd down --purge` remove it.')
param purgeProtection bool

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    // Key Vault takes true or nothing here: once on, purge protection cannot be turned off.
    enablePurgeProtection: purgeProtection ? true : null
  }
}

@description('The vault\'s name.')
output name string = vault.name

@description('The vault\'s URI.')
output uri string = vault.properties.vaultUri
