// The shared logger masks personal data that reaches a log item anyway: beneficiaries and addresses, at any depth.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { logger } from '../../shared/http/logger';

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
