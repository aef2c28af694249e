// One structured JSON logger for every function; never log bodies: they may hold personal data.
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import { currentRequestIds } from '../invocation';

/**
 * Keys masked wherever they sit in a log item, should an object holding personal data be logged anyway:
 * say an AWS SDK error that carries a stored handover (`CancellationReasons[].Item.beneficiary`). Not
 * `name`: errors and organizations have one; a beneficiary's name is masked with its `beneficiary`.
 */
export const redactedKeys: ReadonlySet<string> = new Set(['beneficiary', 'address']);
export const redacted = '[redacted]';

/**
 * Powertools' own fields, plus the request ids of the invocation the line was written in (Lambda's
 * `function_request_id`, API Gateway's `api_request_id`), read from the invocation's async context rather
 * than from keys appended to the logger: the local runtime runs several invocations at once in one process,
 * and appended keys would leak from one request's lines into another's.
 */
export class RequestLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const ids = currentRequestIds();
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        function_request_id: ids.functionRequestId,
        api_request_id: ids.apiRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additional);
  }
}

export const logger = new Logger({
  serviceName: 'pledge-tracker',
  logFormatter: new RequestLogFormatter(),
  jsonReplacerFn: (key, value) => (redactedKeys.has(key) && value !== undefined ? redacted : value),
});
