// The custom metrics, declared once: the functions emit them (shared/metrics.ts), the stack alarms on and charts them.

/** CloudWatch namespace of every custom metric; each is a count with the one dimension `service`. */
export const metricsNamespace = 'PledgeTracker';
/** Powertools' `service` dimension, the same service name the logger writes. */
export const metricsService = 'pledge-tracker';

/**
 * One name per fact worth counting. Names only, no per-route or per-campaign dimension: each distinct
 * combination of dimensions is a metric billed on its own (0.30 USD a month), and the logs say the rest.
 */
export const metricNames = {
  /** A handover counted for the first time (201, not a replay). */
  handoverRecorded: 'HandoverRecorded',
  /** A request repeated with its Idempotency-Key that answered the first result and counted nothing. */
  handoverReplayed: 'HandoverReplayed',
  handoverVoided: 'HandoverVoided',
  /** A `Pledge Exceeded` event the stream processor put on the bus (at least once: a retried batch repeats). */
  pledgeCrossed: 'PledgeCrossed',
  /** An SNS message to leadership published for a crossing (once per crossing, at most once a day a pledge). */
  notificationSent: 'NotificationSent',
  /** A crossing the notifier failed to handle; EventBridge and Lambda retry it, then dead-letter it. */
  notificationFailed: 'NotificationFailed',
  /** A request refused as 400 `validation_failed`. */
  validationFailed: 'ValidationFailed',
} as const;

export type MetricName = (typeof metricNames)[keyof typeof metricNames];
