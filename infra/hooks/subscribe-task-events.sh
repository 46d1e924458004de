#!/bin/sh
# azd's postdeploy hook: once the deployed app answers Event Grid's handshake, create (or update) the topic's
# subscription to its task-event endpoint, as a deployment of its own (infra/modules/task-events.bicep) that touches
# nothing else, so the site is not restarted under it. It keeps no state in the azd environment: every deploy makes
# the same subscription again, whether provisioning ran, failed or was torn down before. Needs the Azure CLI.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for name in AZURE_RESOURCE_GROUP BATON_FUNCTION_APP BATON_URL BATON_EVENT_TOPIC BATON_IDENTITY_ID BATON_STORAGE_ID BATON_DEADLETTER_CONTAINER; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || { echo "baton: $name is not in the azd environment; run azd provision first." >&2; exit 1; }
done
command -v az >/dev/null 2>&1 || { echo "baton: the Azure CLI (az) is needed to subscribe the topic to the app; install it and run azd hooks run postdeploy." >&2; exit 1; }
key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$BATON_FUNCTION_APP" --query functionKeys.default -o tsv)
sh "$here/wait-for-endpoint.sh" "$BATON_URL/api/events?code=$key" "${BATON_ENDPOINT_WAIT_SECONDS:-600}"
az deployment group create -g "$AZURE_RESOURCE_GROUP" -n baton-task-events -f "$here/../modules/task-events.bicep" -o none \
  -p topicName="$BATON_EVENT_TOPIC" appName="$BATON_FUNCTION_APP" identityId="$BATON_IDENTITY_ID" \
     storageId="$BATON_STORAGE_ID" deadLetterContainerName="$BATON_DEADLETTER_CONTAINER"
echo "baton: the topic's subscription to $BATON_URL/api/events is in place"
