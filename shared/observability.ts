import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** Created once per container; the service name and namespace come from POWERTOOLS_* variables set by the stack. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dan-van-coordination' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'DanVanCoordination',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dan-van-coordination',
});
export { traceHandler, tracer } from './tracing.js';

/**
 * Publishes the metrics a request recorded, after it and on error; unlike Powertools' `logMetrics`
 * it stays silent when a request recorded none (most API reads), which keeps the logs readable.
 */
export const publishRecordedMetrics = () => {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
};
