// OversightLedger's azure profile on Azure: one storage account (Orleans clustering and reminders in tables, grain state
// and the public log in blobs), a PostgreSQL flexible server (Hangfire), and a container app running the server image
// (infra/container/Dockerfile) as a cluster of `siloCount` silos.
//
//   az deployment group create -g RG -f infra/azure/main.bicep \
//     -p containerImage=REGISTRY/oversightledger:TAG postgresAdminPassword=… adminKey=… \
//        logSigningKey="$(cat keys/log.key)" pseudonymKey="$(cat keys/pseudonym.key)"
//
// The two keys come from infra/local/make-keys.sh KEYS_DIR ORIGIN (ORIGIN = logOrigin below); every silo reads them from
// a secret volume mounted at /keys, so all sign the log with one key and derive pseudonyms with one key.

@description('Where everything is deployed.')
param location string = resourceGroup().location

@description('A short prefix for resource names (lower-case letters and digits).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'oversight'

@description('The server image, built from infra/container/Dockerfile and pushed to a registry the environment can pull from.')
param containerImage string

@description('How many silos (container app replicas) run; Orleans forms one cluster of them.')
@minValue(1)
@maxValue(10)
param siloCount int = 2

@description('The log origin, also the name in the log signing key (Log:Origin).')
param logOrigin string = 'oversightledger.local/log'

@description('The log Ed25519 signer key: the contents of log.key from infra/local/make-keys.sh.')
@secure()
param logSigningKey string

@description('The pseudonym HMAC key: the contents of pseudonym.key from infra/local/make-keys.sh.')
@secure()
param pseudonymKey string

@description('The first admin API key (at least 24 printable characters).')
@secure()
param adminKey string

@description('The PostgreSQL administrator login.')
param postgresAdminLogin string = 'oversight'

@description('The PostgreSQL administrator password.')
@secure()
param postgresAdminPassword string

var suffix = uniqueString(resourceGroup().id)
var storageName = take('${namePrefix}${suffix}', 24)
var logContainerName = 'log'
var hangfireDatabase = 'hangfire'

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageName
  location: location
  sku: {
    name: 'Standard_ZRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-01-01' = {
  parent: storage
  name: 'default'
}

resource logContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: blobService
  name: logContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: '${namePrefix}-pg-${suffix}'
  location: location
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource hangfireDb 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: postgres
  name: hangfireDatabase
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// Lets Azure services (the container apps) reach the server; narrow it with a VNet for production.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${namePrefix}-logs-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource environment 'Microsoft.App/managedEnvironments@2023-05-01' = {
  name: '${namePrefix}-env-${suffix}'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${az.environment().suffixes.storage}'
var postgresConnectionString = 'Host=${postgres.properties.fullyQualifiedDomainName};Port=5432;Database=${hangfireDatabase};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'

resource server 'Microsoft.App/containerApps@2023-05-01' = {
  name: '${namePrefix}-server'
  location: location
  dependsOn: [
    logContainer
    hangfireDb
    postgresFromAzure
  ]
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'http'
        allowInsecure: false
      }
      secrets: [
        {
          name: 'storage-connection-string'
          value: storageConnectionString
        }
        {
          name: 'postgres-connection-string'
          value: postgresConnectionString
        }
        {
          name: 'admin-key'
          value: adminKey
        }
        {
          name: 'log-key'
          value: logSigningKey
        }
        {
          name: 'pseudonym-key'
          value: pseudonymKey
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'server'
          image: containerImage
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: [
            {
              name: 'OVERSIGHT_Profile'
              value: 'azure'
            }
            {
              name: 'OVERSIGHT_Log__Origin'
              value: logOrigin
            }
            {
              name: 'OVERSIGHT_Azure__StorageConnectionString'
              secretRef: 'storage-connection-string'
            }
            {
              name: 'OVERSIGHT_Azure__ClusterId'
              value: '${namePrefix}-cluster'
            }
            {
              name: 'OVERSIGHT_Azure__ServiceId'
              value: namePrefix
            }
            {
              name: 'OVERSIGHT_Azure__LogContainer'
              value: logContainerName
            }
            {
              name: 'OVERSIGHT_Azure__KeysDirectory'
              value: '/keys'
            }
            {
              name: 'OVERSIGHT_Hangfire__PostgreSql'
              secretRef: 'postgres-connection-string'
            }
            {
              name: 'OVERSIGHT_ADMIN_KEY'
              secretRef: 'admin-key'
            }
            {
              name: 'OVERSIGHT_DATA'
              value: '/tmp/oversight'
            }
          ]
          volumeMounts: [
            {
              volumeName: 'keys'
              mountPath: '/keys'
            }
          ]
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/health/live'
                port: 8080
              }
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: 8080
              }
              initialDelaySeconds: 10
              periodSeconds: 10
            }
          ]
        }
      ]
      volumes: [
        {
          name: 'keys'
          storageType: 'Secret'
          secrets: [
            {
              secretRef: 'log-key'
              path: 'log.key'
            }
            {
              secretRef: 'pseudonym-key'
              path: 'pseudonym.key'
            }
          ]
        }
      ]
      scale: {
        minReplicas: siloCount
        maxReplicas: siloCount
      }
    }
  }
}

@description('The public URL of the ledger (the log is under /log/).')
output url string = 'https://${server.properties.configuration.ingress.fqdn}'

@description('The storage account holding the log (container "log") and the cluster tables.')
output storageAccount string = storage.name
