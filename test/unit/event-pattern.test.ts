// The local EventBridge pattern matcher against AWS's documented examples, and our own declared patterns.
import { describe, expect, it } from 'vitest';
import {
  assertValidEventPattern,
  type EventPattern,
  InvalidEventPatternError,
  matchesAnyEventPattern,
  matchesEventPattern,
} from '../../infra/local/event-pattern';
import { eventRules, ledgerStreamConsumer } from '../../shared/event-routing';

interface Example {
  name: string;
  pattern: EventPattern;
  matches: unknown[];
  doesNotMatch: unknown[];
}

// The EC2 event that "Content filtering in Amazon EventBridge event patterns" matches its exists example against.
const ec2StateChange = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
};

/**
 * Patterns and events from AWS's EventBridge User Guide:
 * "Content filtering in Amazon EventBridge event patterns",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 * (now "Comparison operators for use in event patterns in Amazon EventBridge",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html), and for
 * values and arrays "Matching events on event field values" (eb-filtering-data-types.html) and
 * "Matching on multiple values of an event field" (eb-event-patterns-arrays.html).
 * Where the docs give only a pattern, the matching and non-matching events are ours.
 */
const documentedExamples: Example[] = [
  {
    name: 'prefix',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    matches: [{ time: '2017-10-02T18:43:48Z' }],
    doesNotMatch: [{ time: '2017-10-03T18:43:48Z' }, { time: 20171002 }, {}],
  },
  {
    name: 'prefix ignoring case',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    matches: [
      { detail: { service: 'EventBridge' } },
      { detail: { service: 'EVENTBRIDGE' } },
      { detail: { service: 'eventb' } },
    ],
    doesNotMatch: [{ detail: { service: 'Lambda' } }, { detail: {} }],
  },
  {
    name: 'suffix',
    pattern: { FileName: [{ suffix: '.png' }] },
    matches: [{ FileName: 'image.png' }],
    doesNotMatch: [{ FileName: 'image.jpg' }, { FileName: 'image.PNG' }],
  },
  {
    name: 'suffix ignoring case',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    matches: [{ detail: { FileName: 'image.png' } }, { detail: { FileName: 'image.PNG' } }],
    doesNotMatch: [{ detail: { FileName: 'image.png.txt' } }],
  },
  {
    name: 'anything-but a string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    matches: [{ detail: { state: 'running' } }],
    // A missing field is not "anything but": only exists:false matches what is absent.
    doesNotMatch: [{ detail: { state: 'initializing' } }, { detail: {} }],
  },
  {
    name: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    matches: [{ detail: { 'x-limit': 456 } }, { detail: { 'x-limit': '123' } }],
    doesNotMatch: [{ detail: { 'x-limit': 123 } }],
  },
  {
    name: 'anything-but a list of strings',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    matches: [{ detail: { state: 'running' } }],
    doesNotMatch: [{ detail: { state: 'stopped' } }, { detail: { state: 'overloaded' } }],
  },
  {
    name: 'anything-but a list of numbers',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    matches: [{ detail: { 'x-limit': 150 } }],
    doesNotMatch: [{ detail: { 'x-limit': 200 } }],
  },
  {
    name: 'anything-but a prefix',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    matches: [{ detail: { state: 'running' } }],
    doesNotMatch: [{ detail: { state: 'initializing' } }],
  },
  {
    name: 'anything-but a prefix, to keep only your own events',
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    matches: [{ source: 'pledge-tracker' }],
    doesNotMatch: [{ source: 'aws.ec2' }],
  },
  {
    name: 'anything-but a suffix',
    pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
    matches: [{ detail: { FileName: 'notes.md' } }],
    doesNotMatch: [{ detail: { FileName: 'notes.txt' } }],
  },
  {
    name: 'anything-but ignoring case',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } },
    matches: [{ detail: { state: 'running' } }],
    doesNotMatch: [{ detail: { state: 'STOPPED' } }, { detail: { state: 'overloaded' } }],
  },
  {
    name: 'numeric ranges, all fields at once',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    matches: [
      { detail: { 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 } },
      { detail: { 'c-count': 0.5, 'd-count': -3, 'x-limit': 301.8 } },
    ],
    doesNotMatch: [
      { detail: { 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 } },
      { detail: { 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 } },
      { detail: { 'c-count': 5, 'd-count': 9, 'x-limit': 302 } },
      // Numeric matching works on JSON numbers only.
      { detail: { 'c-count': '5', 'd-count': 9, 'x-limit': 301.8 } },
    ],
  },
  {
    name: 'exists: true',
    pattern: { detail: { state: [{ exists: true }] } },
    matches: [ec2StateChange],
    doesNotMatch: [
      {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { 'c-count': { c1: 100 } },
      },
    ],
  },
  {
    name: 'exists: false, which also matches a field that is not a leaf',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    matches: [
      {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { state: ['initializing', 'running'] },
      },
      {
        'detail-type': ['EC2 Instance State-change Notification'],
        resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
        detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
      },
    ],
    doesNotMatch: [{ detail: { 'c-count': 5 } }],
  },
  {
    name: 'equals-ignore-case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    matches: [ec2StateChange],
    doesNotMatch: [{ ...ec2StateChange, 'detail-type': 'EC2 Instance Launch Successful' }],
  },
  {
    name: '$or across fields of detail',
    pattern: {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    },
    matches: [{ detail: { 'c-count': 3 } }, { detail: { 'd-count': 2 } }, { detail: { 'x-limit': 301.8 } }],
    doesNotMatch: [{ detail: { 'c-count': 9, 'd-count': 20 } }, { detail: {} }],
  },
  {
    name: '$or next to an AND-ed field',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    },
    matches: [
      { source: 'aws.cloudwatch', metricName: 'ReadLatency' },
      { source: 'aws.cloudwatch', namespace: 'AWS/ES' },
    ],
    doesNotMatch: [
      { source: 'aws.ec2', metricName: 'CPUUtilization' },
      { source: 'aws.cloudwatch', metricName: 'NetworkIn', namespace: 'AWS/RDS' },
    ],
  },
  {
    name: 'the complex example: prefix, anything-but and numeric together',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    matches: [
      {
        time: '2017-10-02T18:43:48Z',
        detail: { state: 'running', 'c-count': 1, 'd-count': 2, 'x-limit': 3 },
      },
    ],
    doesNotMatch: [
      {
        time: '2017-10-02T18:43:48Z',
        detail: { state: 'running', 'c-count': 1, 'd-count': 2, 'x-limit': 200 },
      },
      {
        time: '2017-10-02T18:43:48Z',
        detail: { state: 'initializing', 'c-count': 1, 'd-count': 2, 'x-limit': 3 },
      },
    ],
  },
  {
    name: 'exact values, a list as OR',
    pattern: { source: ['aws.ec2', 'aws.fargate'] },
    matches: [{ source: 'aws.ec2' }, { source: 'aws.fargate' }],
    doesNotMatch: [{ source: 'aws.s3' }, { source: 'AWS.EC2' }, {}],
  },
  {
    name: 'null as a value',
    pattern: {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    },
    matches: [
      {
        version: '0',
        id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
        'detail-type': 'EC2 Instance Launch Successful',
        source: 'aws.autoscaling',
        account: '123456789012',
        time: '2015-11-11T21:31:47Z',
        region: 'us-east-1',
        resources: [],
        detail: { eventVersion: '', responseElements: null },
      },
    ],
    doesNotMatch: [
      {
        source: 'aws.autoscaling',
        'detail-type': 'EC2 Instance Launch Successful',
        detail: { eventVersion: '' },
      },
    ],
  },
  {
    name: 'an array in the event matches when its intersection with the pattern is not empty',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    matches: [
      {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      },
    ],
    doesNotMatch: [
      { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-00000000'] },
      { resources: [] },
    ],
  },
];

describe('matchesEventPattern on the examples of the EventBridge documentation', () => {
  const cases = documentedExamples.flatMap(({ name, pattern, matches, doesNotMatch }) => [
    ...matches.map((event, i) => ({
      title: `${name}: matches example ${i + 1}`,
      pattern,
      event,
      expected: true,
    })),
    ...doesNotMatch.map((event, i) => ({
      title: `${name}: does not match counter-example ${i + 1}`,
      pattern,
      event,
      expected: false,
    })),
  ]);

  it.each(cases)('$title', ({ pattern, event, expected }) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });

  it.each(documentedExamples)('accepts the pattern "$name" as valid', ({ pattern }) => {
    expect(() => assertValidEventPattern(pattern)).not.toThrow();
  });
});

describe('matchesEventPattern on values and nesting', () => {
  it.each<{ title: string; pattern: EventPattern; event: unknown; expected: boolean }>([
    {
      title: 'a boolean',
      pattern: { detail: { enabled: [true] } },
      event: { detail: { enabled: true } },
      expected: true,
    },
    {
      title: 'a boolean of the other value',
      pattern: { detail: { enabled: [true] } },
      event: { detail: { enabled: false } },
      expected: false,
    },
    {
      title: 'a number against the same number as a string',
      pattern: { detail: { version: [1] } },
      event: { detail: { version: '1' } },
      expected: false,
    },
    {
      title: 'a number written differently',
      pattern: { detail: { version: [1] } },
      event: { detail: { version: 1.0 } },
      expected: true,
    },
    {
      title: 'a leaf pattern against an object',
      pattern: { detail: ['x'] },
      event: { detail: { x: 1 } },
      expected: false,
    },
    {
      title: 'a nested pattern against a leaf',
      pattern: { detail: { x: [1] } },
      event: { detail: 'x' },
      expected: false,
    },
    {
      title: 'exists:false below a missing parent',
      pattern: { detail: { x: [{ exists: false }] } },
      event: {},
      expected: true,
    },
    {
      title: 'an array of objects, one element matching',
      pattern: { items: { id: ['b'] } },
      event: { items: [{ id: 'a' }, { id: 'b' }] },
      expected: true,
    },
    {
      title: 'an array of objects, none matching',
      pattern: { items: { id: ['c'] } },
      event: { items: [{ id: 'a' }, { id: 'b' }] },
      expected: false,
    },
    {
      title: 'anything-but with an array holding one other value',
      pattern: { tags: [{ 'anything-but': 'x' }] },
      event: { tags: ['x', 'y'] },
      expected: true,
    },
  ])('$title', ({ pattern, event, expected }) => {
    expect(matchesEventPattern(pattern, event)).toBe(expected);
  });
});

describe('our declared patterns', () => {
  const notifyRule = eventRules.find((rule) => rule.target.handler === 'notify-leadership');
  const envelope = (detailType: string, version: number) => ({
    version: '0',
    id: 'a1b2c3d4-0000-4000-8000-000000000000',
    'detail-type': detailType,
    source: 'pledge-tracker',
    account: '000000000000',
    time: '2026-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { version, eventId: '0'.repeat(32), campaignId: 'longbien-2018' },
  });

  it('route only version-1 Pledge Exceeded events to the leadership notifier', () => {
    expect(notifyRule).toBeDefined();
    const pattern = notifyRule?.pattern as EventPattern;
    expect({
      exceeded: matchesEventPattern(pattern, envelope('Pledge Exceeded', 1)),
      fulfilled: matchesEventPattern(pattern, envelope('Pledge Fulfilled', 1)),
      exceededV2: matchesEventPattern(pattern, envelope('Pledge Exceeded', 2)),
    }).toEqual({ exceeded: true, fulfilled: false, exceededV2: false });
  });

  it('let the stream consumer see pledge counters and category totals only, not guards or removals', () => {
    const record = (eventName: string, images: Record<string, unknown>) => ({
      eventID: '0'.repeat(32),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: { Keys: { pk: { S: 'CAMPAIGN#x' }, sk: { S: 'PLEDGE#y' } }, ...images },
    });
    const typed = (type: string) => ({ type: { S: type }, delivered: { N: '3' } });
    const filters = ledgerStreamConsumer.filters;
    expect({
      pledge: matchesAnyEventPattern(
        filters,
        record('MODIFY', { NewImage: typed('pledge'), OldImage: typed('pledge') }),
      ),
      total: matchesAnyEventPattern(filters, record('INSERT', { NewImage: typed('category-total') })),
      wardTotal: matchesAnyEventPattern(filters, record('MODIFY', { NewImage: typed('ward-total') })),
      guard: matchesAnyEventPattern(filters, record('INSERT', { NewImage: typed('active-pledge') })),
      removal: matchesAnyEventPattern(filters, record('REMOVE', { OldImage: typed('pledge') })),
    }).toEqual({ pledge: true, total: true, wardTotal: false, guard: false, removal: false });
  });

  it('are valid patterns', () => {
    for (const pattern of [...ledgerStreamConsumer.filters, ...eventRules.map((rule) => rule.pattern)]) {
      expect(() => assertValidEventPattern(pattern)).not.toThrow();
    }
  });
});

describe('assertValidEventPattern', () => {
  it.each([
    { title: 'a leaf that is not a list', pattern: { source: 'pledge-tracker' }, path: 'source' },
    { title: 'an empty list', pattern: { source: [] }, path: 'source' },
    { title: 'an unknown operator', pattern: { detail: { n: [{ between: [1, 2] }] } }, path: 'detail.n' },
    {
      title: 'an operator object with two operators',
      pattern: { n: [{ prefix: 'a', suffix: 'b' }] },
      path: 'n',
    },
    {
      title: 'anything-but mixing strings and numbers',
      pattern: { n: [{ 'anything-but': ['a', 1] }] },
      path: 'n',
    },
    { title: 'numeric without a number', pattern: { n: [{ numeric: ['>', '5'] }] }, path: 'n' },
    { title: 'exists that is not a boolean', pattern: { n: [{ exists: 'yes' }] }, path: 'n' },
    { title: '$or with one branch', pattern: { $or: [{ a: [1] }] }, path: '$or' },
    {
      title: 'cidr, which the local matcher does not implement',
      pattern: { ip: [{ cidr: '10.0.0.0/24' }] },
      path: 'ip',
    },
  ])('refuses $title, naming where', ({ pattern, path }) => {
    expect(() => assertValidEventPattern(pattern)).toThrow(InvalidEventPatternError);
    expect(() => assertValidEventPattern(pattern)).toThrow(`at ${path}:`);
  });
});
