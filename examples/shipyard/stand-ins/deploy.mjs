// Stand-in for a deployment service answering Keptn's deployment task: it "deploys" the image of the
// configuration change to the stage and reports, as Keptn's deployment.finished data does, where it runs, plus
// the SLIs its smoke traffic measured (indicators), which the evaluation task then judges.
// Usage: node deploy.mjs '<task input as JSON>'
const input = JSON.parse(process.argv[2]);
// A configuration change with "crash": true makes the service fail outright, as a broken deployment service would.
if (input.configurationChange?.values?.crash) {
  console.error(`deployment of ${input.service} to ${input.stage} crashed`);
  process.exit(3);
}
const latency = Number(input.configurationChange?.values?.latency_ms ?? 300);
const stage = input.stage;
console.log(JSON.stringify({
  result: 'pass',
  status: 'succeeded',
  deployment: {
    deploymentstrategy: input.deployment?.deploymentstrategy,
    deploymentURIsLocal: [`http://${input.service}.${stage}.svc.cluster.local`],
    deploymentNames: [`${input.service}-${stage}`],
  },
  // Staging runs bigger instances: a little faster than dev.
  indicators: { response_time_p95: Math.round(latency * (stage === 'staging' ? 1.2 : 1.35)), error_rate: latency > 500 ? 0.031 : 0.004 },
}));
