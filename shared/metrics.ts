// Custom metrics in CloudWatch's embedded metric format (EMF): counted during an invocation, flushed at its end
// as one JSON log line that CloudWatch turns into metrics, with no API call and no extra permission.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { currentRequestIds } from './invocation';
import { type MetricName, metricsNamespace, metricsService } from './metric-names';

const metrics = new Metrics({ namespace: metricsNamespace, serviceName: metricsService });

/** An EMF document, as Powertools serializes it. */
export type EmfDocument = ReturnType<Metrics['serializeMetrics']>;

/**
 * Where flushed metrics go: standard output in Lambda, where CloudWatch reads them from the log stream.
 * The local runtime and the tests pass a sink of their own (sendMetricsTo), so EMF never fills a console.
 */
let sink: ((document: EmfDocument) => void) | undefined;

export function sendMetricsTo(next: ((document: EmfDocument) => void) | undefined): void {
  sink = next;
}

export function countMetric(name: MetricName, count = 1): void {
  if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
}

/**
 * Publishes what the invocation counted, with its request ids as metadata (so the EMF line, too, names its
 * request); nothing when it counted nothing. Called at the end of every invocation that may count.
 */
export function flushMetrics(): void {
  if (!metrics.hasStoredMetrics()) return;
  const ids = currentRequestIds();
  if (ids.functionRequestId) metrics.addMetadata('function_request_id', ids.functionRequestId);
  if (ids.apiRequestId) metrics.addMetadata('api_request_id', ids.apiRequestId);
  if (!sink) {
    metrics.publishStoredMetrics();
    return;
  }
  const document = metrics.serializeMetrics();
  metrics.clearMetrics();
  metrics.clearMetadata();
  sink(document);
}
