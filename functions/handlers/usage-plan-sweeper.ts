import type { Context } from 'aws-lambda';
import { getServices } from '../container.js';
import { deadlineFrom } from '../core/deadline.js';
import { logger } from '../http/log.js';

/**
 * Scheduled (serverless.yml): deletes the API Gateway keys of ES keys that expired, were
 * invalidated, left their plan or no longer exist. Work left at the deadline waits for the next run.
 */
export async function handler(_event: unknown, context: Context): Promise<void> {
  const report = await getServices().usagePlans.sweep(deadlineFrom(context));
  logger.log(report.failed > 0 ? 'warn' : 'info', 'usage plan sweep', { ...report });
}
