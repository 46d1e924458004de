#!/bin/sh
# azd's preprovision hook: container tasks on Azure Container Instances need the Microsoft.ContainerInstance resource
# provider, which nothing in the template deploys (so ARM never registers it) and the app's identity may not register.
# Registers it with the signed-in user's rights, or says plainly how when the Azure CLI is not there.
set -eu
namespace=Microsoft.ContainerInstance
if ! command -v az >/dev/null 2>&1; then
  echo "baton: the Azure CLI (az) is not installed, so $namespace was not checked. Container tasks need it registered once per subscription:" >&2
  echo "       az provider register --namespace $namespace --subscription ${AZURE_SUBSCRIPTION_ID:-<subscription>}" >&2
  exit 0
fi
state=$(az provider show --namespace "$namespace" ${AZURE_SUBSCRIPTION_ID:+--subscription "$AZURE_SUBSCRIPTION_ID"} --query registrationState -o tsv 2>/dev/null || echo NotRegistered)
if [ "$state" = "Registered" ]; then
  echo "baton: $namespace is registered"
else
  echo "baton: registering $namespace (was $state)"
  az provider register --namespace "$namespace" ${AZURE_SUBSCRIPTION_ID:+--subscription "$AZURE_SUBSCRIPTION_ID"} --wait
fi
