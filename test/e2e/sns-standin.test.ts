// The local SNS over the wire, driven by the real SNSClient: the SDK must parse its XML answers and errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { localAwsSettings } from '../../infra/local/dynamodb-local';
import { type SnsStandIn, type SnsStandInOptions, startSnsStandIn } from '../../infra/local/sns-standin';

const topicArn = 'arn:aws:sns:us-east-1:000000000000:pledge-tracker-leadership';
const dataDir = mkdtempSync(join(tmpdir(), 'sns-standin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let running: { standIn: SnsStandIn; client: SNSClient } | undefined;
afterEach(async () => {
  running?.client.destroy();
  await running?.standIn.stop();
  running = undefined;
});

async function start(overrides: Partial<SnsStandInOptions> = {}) {
  const printed: string[] = [];
  const standIn = await startSnsStandIn({
    topicArns: [topicArn],
    print: (text) => printed.push(text),
    ...overrides,
  });
  // The SDK's default retries stay on: a refusal must be final because it is not retryable, not because retries are off.
  const client = new SNSClient({ endpoint: standIn.endpoint, ...localAwsSettings });
  running = { standIn, client };
  return { standIn, client, printed };
}

describe('the SNS stand-in', () => {
  it('round-trips Publish through the SDK: the MessageId it returns is the one it keeps, and it prints the message', async () => {
    const messagesFile = join(dataDir, 'sns-messages.jsonl');
    const { standIn, client, printed } = await start({ messagesFile });

    const answer = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Vượt đăng ký / Pledge exceeded: Hội Liên hiệp Phụ nữ quận',
        Message:
          'Hội Liên hiệp Phụ nữ quận đã bàn giao 02 “mái ấm tình thương”.\n\nThe Women’s Union has handed over 02.',
        MessageAttributes: {
          campaignId: { DataType: 'String', StringValue: 'longbien-2018' },
          surplus: { DataType: 'Number', StringValue: '1' },
        },
      }),
    );

    const expected = {
      messageId: answer.MessageId,
      topicArn,
      subject: 'Vượt đăng ký / Pledge exceeded: Hội Liên hiệp Phụ nữ quận',
      message:
        'Hội Liên hiệp Phụ nữ quận đã bàn giao 02 “mái ấm tình thương”.\n\nThe Women’s Union has handed over 02.',
      messageAttributes: {
        campaignId: { DataType: 'String', StringValue: 'longbien-2018' },
        surplus: { DataType: 'Number', StringValue: '1' },
      },
      publishedAt: expect.any(String),
    };
    expect(answer.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(standIn.messages).toEqual([expected]);
    expect(
      readFileSync(messagesFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([expected]);
    expect(printed).toEqual([
      'SNS pledge-tracker-leadership: Vượt đăng ký / Pledge exceeded: Hội Liên hiệp Phụ nữ quận\n' +
        '  Hội Liên hiệp Phụ nữ quận đã bàn giao 02 “mái ấm tình thương”.\n  \n  The Women’s Union has handed over 02.',
    ]);
  });

  it.each([
    {
      title: 'an unknown topic, as NotFound (404)',
      input: { TopicArn: `${topicArn}-nope`, Message: 'x' },
      error: {
        name: 'NotFoundException',
        message: 'Topic does not exist',
        $metadata: { httpStatusCode: 404 },
      },
    },
    {
      title: 'a MessageDeduplicationId on a standard topic',
      input: { TopicArn: topicArn, Message: 'x', MessageDeduplicationId: 'e1' },
      error: {
        name: 'InvalidParameterException',
        message: expect.stringContaining(
          'MessageDeduplicationId parameter that is not valid for this topic type',
        ),
      },
    },
    {
      title: 'a subject of 100 characters',
      input: { TopicArn: topicArn, Message: 'x', Subject: 's'.repeat(100) },
      error: { name: 'InvalidParameterException', message: 'Invalid parameter: Subject' },
    },
    {
      title: 'a subject with a line break',
      input: { TopicArn: topicArn, Message: 'x', Subject: 'two\nlines' },
      error: { name: 'InvalidParameterException', message: 'Invalid parameter: Subject' },
    },
    {
      title: 'an empty message',
      input: { TopicArn: topicArn, Message: '' },
      error: { name: 'InvalidParameterException', message: 'Invalid parameter: Empty message' },
    },
    {
      title: 'a message over 256 KB',
      input: { TopicArn: topicArn, Message: 'x'.repeat(256 * 1024 + 1) },
      error: { name: 'InvalidParameterException', message: 'Invalid parameter: Message too long' },
    },
  ])('refuses $title, keeping nothing', async ({ input, error }) => {
    const { standIn, client } = await start();

    await expect(client.send(new PublishCommand(input))).rejects.toMatchObject(error);
    expect(standIn.messages).toEqual([]);
  });

  it('refuses a Publish when the fault hook says so, with a 400 the SDK does not retry', async () => {
    const { standIn, client } = await start({ faults: { publishFails: (m) => m.subject === 'die' } });

    const refused = client.send(new PublishCommand({ TopicArn: topicArn, Message: 'x', Subject: 'die' }));
    await expect(refused).rejects.toMatchObject({
      name: 'InjectedFault',
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: 'y', Subject: 'live' }));

    expect({ calls: standIn.publishCalls, kept: standIn.messages.map((m) => m.subject) }).toEqual({
      calls: 2,
      kept: ['live'],
    });
  });

  it('answers an action it does not implement with an awsQuery error document', async () => {
    const { standIn } = await start();

    const response = await fetch(standIn.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListTopics&Version=2010-03-31',
    });

    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(
      /^<ErrorResponse xmlns="http:\/\/sns.amazonaws.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });
});
