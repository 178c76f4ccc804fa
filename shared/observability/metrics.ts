/**
 * The one Metrics of every function: CloudWatch metrics written as EMF lines on stdout, in
 * `POWERTOOLS_METRICS_NAMESPACE` with the dimension `service`. Metrics stored during an invocation
 * are flushed at its end (`invocation.ts`); `POWERTOOLS_METRICS_DISABLED=true` (the local runtime
 * sets it) writes none.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { defaultMetricsNamespace, defaultServiceName } from './names.ts';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || defaultMetricsNamespace,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME || defaultServiceName,
});

/**
 * Writes the metrics stored so far, if any. (Powertools' own flush warns on every invocation that
 * stored none, which is most of them.)
 */
export function publishMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
