// The shared logger masks personal data that reaches a log item anyway: beneficiaries and addresses, at any depth;
// and every line names the request it was written for, Lambda's id and API Gateway's, even when requests overlap.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { http } from '../../shared/http/http-handler';
import { logger } from '../../shared/http/logger';
import { json } from '../../shared/http/responses';
import { routeNamed } from '../../shared/routes';
import { httpEvent, lambdaContext } from '../support/http-events';

const beneficiary = { name: 'Trịnh Công Khang', address: 'Tổ 20, phường Thạch Bàn' };
let written: string[];
let restore: () => void;

beforeEach(() => {
  written = [];
  // Powertools writes through a Console bound to process.stdout (debug, info) and stderr (warn, error).
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof stream.write;
  }
  restore = () => {
    streams.forEach((stream, index) => {
      stream.write = writes[index] as typeof stream.write;
    });
  };
});
afterEach(() => restore());

const loggedItems = () =>
  written
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('logger', () => {
  it('masks a beneficiary in a logged object, and keeps the fields around it', () => {
    logger.warn('Handover looked odd', {
      handover: { id: 'h1', ward: 'Thạch Bàn', beneficiary },
      organization: { id: 'mttq-long-bien', name: 'Ủy ban MTTQ quận Long Biên' },
    });

    const items = loggedItems();

    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      level: 'WARN',
      message: 'Handover looked odd',
      service: 'pledge-tracker',
      handover: { id: 'h1', ward: 'Thạch Bàn', beneficiary: '[redacted]' },
      organization: { id: 'mttq-long-bien', name: 'Ủy ban MTTQ quận Long Biên' },
    });
    expect(written.join('')).not.toContain(beneficiary.name);
    expect(written.join('')).not.toContain(beneficiary.address);
  });

  it('masks the stored handover an AWS SDK error carries, and keeps the error name and message', () => {
    const error = new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons',
      $metadata: {},
      CancellationReasons: [
        {
          Code: 'ConditionalCheckFailed',
          Item: marshall({ pk: 'CAMPAIGN#longbien-2018', sk: 'HANDOVER#h1', beneficiary }),
        },
      ],
    });

    logger.error('Unhandled error', { route: 'RecordHandover', error });

    const items = loggedItems();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      level: 'ERROR',
      route: 'RecordHandover',
      error: {
        name: 'TransactionCanceledException',
        message: expect.stringContaining('Transaction cancelled'),
        CancellationReasons: [
          { Code: 'ConditionalCheckFailed', Item: { sk: { S: 'HANDOVER#h1' }, beneficiary: '[redacted]' } },
        ],
      },
    });
    expect(written.join('')).not.toContain(beneficiary.name);
    expect(written.join('')).not.toContain(beneficiary.address);
  });
});

describe('request ids', () => {
  /** A handler that logs, waits for the other request to log too, then logs again. */
  function overlappingHandler(bothStarted: Promise<void>, started: () => void) {
    return http(routeNamed('GetCampaign'), {}, async () => {
      logger.info('Started');
      started();
      await bothStarted;
      logger.info('Finished');
      return json(200, {});
    });
  }

  it('names Lambda’s and API Gateway’s request ids on every line, each request its own while they overlap', async () => {
    // Prepare
    let count = 0;
    let release: () => void = () => {};
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = overlappingHandler(bothStarted, () => {
      count += 1;
      if (count === 2) release();
    });
    const call = (n: number) => {
      const event = httpEvent('GET /v1/campaigns/{campaignId}', { pathParameters: { campaignId: 'c-1' } });
      event.requestContext.requestId = `api-${n}`;
      return handler(event, { ...lambdaContext, awsRequestId: `lambda-${n}` });
    };

    // Act
    const answers = await Promise.all([call(1), call(2)]);

    // Assess
    const lines = loggedItems().map((item) => [item.message, item.function_request_id, item.api_request_id]);
    expect(lines.sort()).toEqual(
      [
        ['Started', 'lambda-1', 'api-1'],
        ['Started', 'lambda-2', 'api-2'],
        ['Finished', 'lambda-1', 'api-1'],
        ['Finished', 'lambda-2', 'api-2'],
      ].sort(),
    );
    expect(answers.map((answer) => answer.headers?.['x-request-id'])).toEqual(['api-1', 'api-2']);
  });

  it('names them on the line of an unhandled error too, written after the use case has thrown', async () => {
    const handler = http(routeNamed('GetCampaign'), {}, async () => {
      throw new Error('Boom');
    });
    const event = httpEvent('GET /v1/campaigns/{campaignId}', { pathParameters: { campaignId: 'c-1' } });
    event.requestContext.requestId = 'api-9';

    const answer = await handler(event, { ...lambdaContext, awsRequestId: 'lambda-9' });

    expect(answer.statusCode).toBe(500);
    expect(answer.headers?.['x-request-id']).toBe('api-9');
    expect(loggedItems()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Unhandled error',
        function_request_id: 'lambda-9',
        api_request_id: 'api-9',
      }),
    ]);
  });

  it('writes no request id outside an invocation (a script, the local runtime’s own start-up)', () => {
    logger.info('Outside');

    expect(loggedItems()).toEqual([expect.not.objectContaining({ function_request_id: expect.anything() })]);
  });
});
