// Logs and telemetry: a Log Analytics workspace and a workspace-based Application Insights that only accepts
// Entra-authenticated telemetry.
@description('The Log Analytics workspace\'s name.')
param workspaceName string

@description('The Application Insights resource\'s name.')
param insightsName string

@description('The region.')
param location string

@description('Tags for the resources.')
param tags object

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

@description('The Application Insights resource\'s name.')
output insightsName string = insights.name

@description('Application Insights\' connection string (not a secret: ingestion needs Entra authentication).')
output connectionString string = insights.properties.ConnectionString
