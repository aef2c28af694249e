// Local SNS: Publish over the awsQuery protocol to declared topics; each message is printed and kept.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type DurableLog, openDurableLog } from './durable-log';
import { listenOnLoopback, readAll } from './eventbridge-standin';

export interface SnsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface PublishedSnsMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  messageAttributes: Record<string, SnsMessageAttribute>;
  messageGroupId?: string;
  publishedAt: string;
}

/** What Publish was asked to send, before the stand-in decides whether to accept it. */
export interface SnsPublishRequest {
  topicArn: string;
  subject?: string;
  message: string;
  messageAttributes: Record<string, SnsMessageAttribute>;
}

export interface SnsFaults {
  /**
   * Return true to refuse this Publish with a 400 the SDK does not retry (`InjectedFault`), so the
   * caller's invocation fails: a notifier that dies after its conditional put and before publishing.
   */
  publishFails?(request: SnsPublishRequest): boolean;
}

export interface SnsStandInOptions {
  /** ARNs of the topics that exist; a name ending in `.fifo` is refused (FIFO topics are not imitated). */
  topicArns: readonly string[];
  /** Messages are appended here as JSON lines when set, synced before Publish answers. */
  messagesFile?: string;
  faults?: SnsFaults;
  /** Reuse this port (a second runtime in one process: imported handlers keep their endpoint). */
  port?: number;
  /** Where each message is printed; messages carry no personal data by design. */
  print?: (text: string) => void;
  logError?: (message: string, error?: unknown) => void;
}

export interface SnsStandIn {
  endpoint: string;
  port: number;
  readonly messages: readonly PublishedSnsMessage[];
  /** Publish calls received, whatever their outcome. */
  readonly publishCalls: number;
  stop(): Promise<void>;
}

/** Publish limits: 256 KB for the message with its attributes; subjects under 100 characters, one line. */
export const snsLimits = { maxMessageBytes: 256 * 1024, maxSubjectLength: 99 } as const;

const xmlns = 'http://sns.amazonaws.com/doc/2010-03-31/';

class SnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

export async function startSnsStandIn(options: SnsStandInOptions): Promise<SnsStandIn> {
  for (const topicArn of options.topicArns) {
    if (topicArn.endsWith('.fifo'))
      throw new Error(`FIFO topics are not imitated by the local SNS: ${topicArn}`);
  }
  const topics = new Set(options.topicArns);
  const print = options.print ?? (() => {});
  const logError = options.logError ?? ((message, error) => console.error(message, error ?? ''));
  const messages: PublishedSnsMessage[] = [];
  let publishCalls = 0;
  const kept: DurableLog | undefined = options.messagesFile
    ? await openDurableLog(options.messagesFile)
    : undefined;

  async function publish(params: URLSearchParams): Promise<string> {
    const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
    if (params.has('PhoneNumber')) {
      throw new SnsError(
        'InvalidParameter',
        'Invalid parameter: PhoneNumber (the local SNS publishes to topics only)',
      );
    }
    if (!topicArn) {
      throw new SnsError(
        'InvalidParameter',
        'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
      );
    }
    if (!topics.has(topicArn)) throw new SnsError('NotFound', 'Topic does not exist', 404);
    const message = params.get('Message');
    if (message === null) {
      throw new SnsError(
        'ValidationError',
        "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
      );
    }
    if (message === '') throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
    const subject = params.get('Subject') ?? undefined;
    if (
      subject !== undefined &&
      (subject.length > snsLimits.maxSubjectLength || hasControlCharacters(subject))
    ) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: Subject');
    }
    if (params.get('MessageStructure') === 'json') assertJsonStructure(message);
    if (params.has('MessageDeduplicationId')) {
      throw new SnsError(
        'InvalidParameter',
        'Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    const messageAttributes = parseAttributes(params);
    const size =
      Buffer.byteLength(message) +
      Object.entries(messageAttributes).reduce(
        (sum, [name, a]) =>
          sum +
          Buffer.byteLength(name) +
          Buffer.byteLength(a.DataType) +
          Buffer.byteLength(a.StringValue ?? a.BinaryValue ?? ''),
        0,
      );
    if (size > snsLimits.maxMessageBytes)
      throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long');

    const request: SnsPublishRequest = {
      topicArn,
      message,
      messageAttributes,
      ...(subject ? { subject } : {}),
    };
    if (options.faults?.publishFails?.(request)) {
      throw new SnsError('InjectedFault', 'Injected fault: the local SNS refused this Publish');
    }
    const groupId = params.get('MessageGroupId');
    const published: PublishedSnsMessage = {
      messageId: randomUUID(),
      ...request,
      ...(groupId ? { messageGroupId: groupId } : {}),
      publishedAt: new Date().toISOString(),
    };
    // On disk before the caller hears "published", so the record of what was sent outlives a crash.
    await kept?.append([published]);
    messages.push(published);
    const topicName = topicArn.split(':').at(-1);
    print(`SNS ${topicName}: ${subject ?? '(no subject)'}\n${indent(message)}`);
    return published.messageId;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const answer = (status: number, xml: string) => {
      res.writeHead(status, {
        'content-type': 'text/xml',
        'content-length': Buffer.byteLength(xml),
        'x-amzn-requestid': requestId,
      });
      res.end(xml);
    };
    const params = new URLSearchParams((await readAll(req)).toString('utf8'));
    try {
      const action = params.get('Action');
      if (req.method !== 'POST' || action !== 'Publish') {
        throw new SnsError(
          'InvalidAction',
          `The action ${action ?? '(none)'} is not valid for this web service (the local SNS implements Publish only).`,
        );
      }
      publishCalls++;
      const messageId = await publish(params);
      answer(
        200,
        `<PublishResponse xmlns="${xmlns}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
          `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    } catch (error) {
      const known =
        error instanceof SnsError ? error : new SnsError('InternalError', 'Internal error', 500, 'Receiver');
      if (!(error instanceof SnsError)) logError('SNS stand-in error:', error);
      answer(
        known.statusCode,
        `<ErrorResponse xmlns="${xmlns}"><Error><Type>${known.type}</Type><Code>${known.code}</Code>` +
          `<Message>${escapeXml(known.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logError('SNS stand-in error:', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(server, options.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    messages,
    get publishCalls() {
      return publishCalls;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await kept?.close();
    },
  };
}

/** `MessageAttributes.entry.N.Name`, `.Value.DataType`, `.Value.StringValue` or `.Value.BinaryValue`. */
function parseAttributes(params: URLSearchParams): Record<string, SnsMessageAttribute> {
  const attributes: Record<string, SnsMessageAttribute> = {};
  for (let n = 1; params.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const prefix = `MessageAttributes.entry.${n}`;
    const name = params.get(`${prefix}.Name`) as string;
    const dataType = params.get(`${prefix}.Value.DataType`);
    const stringValue = params.get(`${prefix}.Value.StringValue`);
    const binaryValue = params.get(`${prefix}.Value.BinaryValue`);
    if (!dataType || !/^(String|Number|Binary)(\..+)?$|^String\.Array$/.test(dataType)) {
      throw new SnsError(
        'ParameterValueInvalid',
        `The message attribute '${name}' has an invalid message attribute type`,
      );
    }
    if (!stringValue && !binaryValue) {
      throw new SnsError(
        'ParameterValueInvalid',
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
      );
    }
    if (dataType.startsWith('Number') && !Number.isFinite(Number(stringValue))) {
      throw new SnsError(
        'ParameterValueInvalid',
        `Could not cast message attribute '${name}' value to number.`,
      );
    }
    attributes[name] = {
      DataType: dataType,
      ...(stringValue ? { StringValue: stringValue } : {}),
      ...(binaryValue ? { BinaryValue: binaryValue } : {}),
    };
  }
  return attributes;
}

function assertJsonStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw new SnsError(
      'InvalidParameter',
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
  }
  if (typeof (parsed as { default?: unknown })?.default !== 'string') {
    throw new SnsError(
      'InvalidParameter',
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
  }
}

/** Line breaks included: SNS wants subjects on one line. */
function hasControlCharacters(text: string): boolean {
  return [...text].some((c) => {
    const code = c.codePointAt(0) as number;
    return code < 0x20 || code === 0x7f;
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
