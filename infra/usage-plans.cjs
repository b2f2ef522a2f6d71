'use strict';

// Usage plans: `custom.usagePlans` in serverless.yml, one source for both sides.
//   usagePlan:   provider.apiGateway.usagePlan, from which serverless compiles one
//                AWS::ApiGateway::UsagePlan per plan bound to the REST API's stage, named
//                `<service>-<plan>-<stage>`.
//   environment: USAGE_PLANS, the JSON the functions read (functions/core/usage-plans/), with
//                each plan's gateway name: the functions find the plan's id by it, since
//                CloudFormation creates the plans after the functions.
//
//   usagePlans:
//     basic: { throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 10000, period: DAY } }

const PERIODS = ['DAY', 'WEEK', 'MONTH'];

function positive(value, where) {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(`usagePlans: ${where} must be a positive number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/** The declared plans, checked, in a neutral shape. */
function declaredPlans(usagePlans) {
  if (usagePlans === undefined || usagePlans === null || usagePlans === '') {
    return [];
  }
  if (typeof usagePlans !== 'object' || Array.isArray(usagePlans)) {
    throw new Error('usagePlans: expected a map of plan names to { throttle, quota }');
  }
  return Object.entries(usagePlans).map(([name, plan]) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new Error(
        `usagePlans: plan names are 1 to 64 of [A-Za-z0-9_-], got ${JSON.stringify(name)}`,
      );
    }
    const period = String(plan?.quota?.period ?? '').toUpperCase();
    if (!PERIODS.includes(period)) {
      throw new Error(`usagePlans: ${name}.quota.period must be DAY, WEEK or MONTH`);
    }
    return {
      name,
      rateLimit: positive(plan?.throttle?.rateLimit, `${name}.throttle.rateLimit`),
      burstLimit: positive(plan?.throttle?.burstLimit, `${name}.throttle.burstLimit`),
      quotaLimit: positive(plan?.quota?.limit, `${name}.quota.limit`),
      quotaPeriod: period,
    };
  });
}

/** serverless's `provider.apiGateway.usagePlan` list. */
function serverlessUsagePlan(usagePlans) {
  return declaredPlans(usagePlans).map((plan) => ({
    [plan.name]: {
      throttle: { rateLimit: plan.rateLimit, burstLimit: plan.burstLimit },
      quota: { limit: plan.quotaLimit, period: plan.quotaPeriod },
    },
  }));
}

/** USAGE_PLANS for the functions; the gateway name is serverless's UsagePlanName. */
function environment(usagePlans, service, stage) {
  const plans = {};
  for (const { name, ...limits } of declaredPlans(usagePlans)) {
    plans[name] = { gatewayName: `${service}-${name}-${stage}`, ...limits };
  }
  return JSON.stringify(plans);
}

async function resolved(resolveVariable) {
  return {
    usagePlans: await resolveVariable('self:custom.usagePlans'),
    service: await resolveVariable('self:service'),
    stage: await resolveVariable('sls:stage'),
  };
}

module.exports = {
  serverlessUsagePlan,
  environment,
  usagePlan: async ({ resolveVariable }) =>
    serverlessUsagePlan((await resolved(resolveVariable)).usagePlans),
  usagePlansEnvironment: async ({ resolveVariable }) => {
    const { usagePlans, service, stage } = await resolved(resolveVariable);
    return environment(usagePlans, service, stage);
  },
};
