'use strict';

/**
 * Serverless plugin: applies `custom.stageThrottling` to the REST API stage after each deploy
 * (CloudFormation has no throttling setting for the stage serverless creates). The stage-wide
 * limit caps every method; `methods` sets tighter limits on chosen routes.
 *
 *   stageThrottling:
 *     rateLimit: 200        # steady requests per second
 *     burstLimit: 400       # bucket size
 *     methods:
 *       - { path: /_security/api_key, method: POST, rateLimit: 50, burstLimit: 100 }
 */

function positiveNumber(value, name) {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new Error(
      `stageThrottling: ${name} must be a positive number, got ${JSON.stringify(value)}`,
    );
  }
  return String(number);
}

/** API Gateway's method-setting key for a resource path: `/` is written `~1`. */
function methodSettingKey(path, method) {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new Error(
      `stageThrottling: a method path must start with /, got ${JSON.stringify(path)}`,
    );
  }
  if (typeof method !== 'string' || !/^[A-Z]+$/.test(method)) {
    throw new Error(`stageThrottling: a method must be upper-case, got ${JSON.stringify(method)}`);
  }
  return `/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}`;
}

/** The UpdateStage patch operations for a `stageThrottling` block. */
function throttlingPatchOperations(config) {
  if (config === undefined || config === null) {
    return [];
  }
  const operations = [
    {
      op: 'replace',
      path: '/*/*/throttling/rateLimit',
      value: positiveNumber(config.rateLimit, 'rateLimit'),
    },
    {
      op: 'replace',
      path: '/*/*/throttling/burstLimit',
      value: positiveNumber(config.burstLimit, 'burstLimit'),
    },
  ];
  for (const entry of config.methods ?? []) {
    const key = methodSettingKey(entry.path, entry.method);
    operations.push(
      {
        op: 'replace',
        path: `${key}/throttling/rateLimit`,
        value: positiveNumber(entry.rateLimit, `${key} rateLimit`),
      },
      {
        op: 'replace',
        path: `${key}/throttling/burstLimit`,
        value: positiveNumber(entry.burstLimit, `${key} burstLimit`),
      },
    );
  }
  return operations;
}

class StageThrottlingPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      // Fails the packaging early on a malformed block, before anything is deployed.
      'before:package:finalize': () => {
        throttlingPatchOperations(this.config());
      },
      'after:aws:deploy:finalize:cleanup': () => this.apply(),
    };
  }

  config() {
    return this.serverless.service.custom?.stageThrottling;
  }

  async apply() {
    const operations = throttlingPatchOperations(this.config());
    if (operations.length === 0) {
      return;
    }
    const provider = this.serverless.getProvider('aws');
    const {
      CloudFormationClient,
      DescribeStackResourceCommand,
    } = require('@aws-sdk/client-cloudformation');
    const { APIGatewayClient, UpdateStageCommand } = require('@aws-sdk/client-api-gateway');
    const sdkConfig = await provider.getAwsSdkV3Config();
    const resource = await new CloudFormationClient(sdkConfig).send(
      new DescribeStackResourceCommand({
        StackName: provider.naming.getStackName(),
        LogicalResourceId: 'ApiGatewayRestApi',
      }),
    );
    const restApiId = resource.StackResourceDetail?.PhysicalResourceId;
    if (!restApiId) {
      throw new Error('stageThrottling: the stack has no ApiGatewayRestApi');
    }
    await new APIGatewayClient(sdkConfig).send(
      new UpdateStageCommand({
        restApiId,
        stageName: provider.getApiGatewayStage(),
        patchOperations: operations,
      }),
    );
    this.serverless.cli.log(
      `Stage throttling applied: ${operations.length / 2 - 1} route limit(s) under the stage limit`,
    );
  }
}

module.exports = StageThrottlingPlugin;
module.exports.throttlingPatchOperations = throttlingPatchOperations;
