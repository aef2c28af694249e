// Deploys without traps: the committed stages (infra/stages.ts) alone decide subscriptions, origins and region,
// and a wrong setting, an unknown stage or a retired command-line setting fails synthesis with a clear message.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addPledgeTracker } from '../../infra/pledge-tracker';
import { StageError, stageSettings, stages } from '../../infra/stages';
import { logicalId, newApp, resources, skipBundling } from './synth';

const valid = {
  region: 'ap-southeast-1',
  leadershipEmails: ['lead@quan.vn'],
  opsEmails: ['it@quan.vn'],
  allowedOrigins: [],
};

describe.each(Object.keys(stages))('the committed stage %s, deployed with -c stage alone', (name) => {
  it('keeps every subscription and CORS origin it lists, in its region, or is refused naming what to fix', () => {
    let settings: ReturnType<typeof stageSettings>;
    try {
      settings = stageSettings(name);
    } catch (error) {
      // prod as committed holds example addresses, which it refuses until a district writes its own.
      expect(error).toBeInstanceOf(StageError);
      expect(() => addPledgeTracker(newApp({ ...skipBundling, stage: name }))).toThrow(
        (error as Error).message,
      );
      return;
    }

    const tracker = addPledgeTracker(newApp({ ...skipBundling, stage: name }));
    const stateful = Template.fromStack(tracker.stateful);
    const stateless = Template.fromStack(tracker.stateless);
    const subscriptions = Object.values(resources(stateful, 'AWS::SNS::Subscription')).map((s) => [
      JSON.stringify(s.Properties.TopicArn),
      s.Properties.Endpoint,
    ]);
    const api = Object.values(resources(stateless, 'AWS::ApiGatewayV2::Api'))[0];
    const topic = (construct: typeof tracker.stateful.opsTopic) =>
      JSON.stringify({ Ref: logicalId(construct) });

    expect(subscriptions.sort()).toEqual(
      [
        ...settings.leadershipEmails.map((e) => [topic(tracker.stateful.leadershipTopic), e]),
        ...settings.opsEmails.map((e) => [topic(tracker.stateful.opsTopic), e]),
      ].sort(),
    );
    expect(subscriptions.length).toBeGreaterThan(0);
    const cors = api?.Properties.CorsConfiguration as { AllowOrigins?: string[] } | undefined;
    expect(cors?.AllowOrigins ?? []).toEqual(settings.allowedOrigins);
    expect([tracker.stateful.region, tracker.stateless.region]).toEqual([settings.region, settings.region]);
  });
});

describe('choosing and checking a stage', () => {
  it.each([
    [undefined, 'Choose a stage: -c stage=<name>, one of prod, dev (infra/stages.ts)'],
    ['staging', 'Unknown stage "staging": choose one of prod, dev (infra/stages.ts)'],
  ])('refuses the stage %j', (stage, message) => {
    expect(() => stageSettings(stage, { prod: valid, dev: valid })).toThrow(message);
  });

  it.each([
    [
      { ...valid, opsEmails: ['not-an-address'] },
      'Stage prod (infra/stages.ts): opsEmails.0 "not-an-address" is not an e-mail address',
    ],
    [
      { ...valid, region: 'singapore' },
      'Stage prod (infra/stages.ts): region "singapore" is not an AWS region such as ap-southeast-1',
    ],
    [
      { ...valid, leadershipEmails: [] },
      'Stage prod (infra/stages.ts): leadershipEmails is empty; exceeded pledges would reach nobody',
    ],
    [
      { ...valid, opsEmails: [] },
      'Stage prod (infra/stages.ts): opsEmails is empty; alarms would reach nobody',
    ],
    [
      { ...valid, leadershipEmails: ['chu-tich@example.org'] },
      'Stage prod (infra/stages.ts): leadershipEmails "chu-tich@example.org" is an example address that never receives mail: write the real one',
    ],
    [
      { ...valid, allowedOrigins: ['http://localhost:5173'] },
      'Stage prod (infra/stages.ts): allowedOrigins "http://localhost:5173" is plain http; production allows https only',
    ],
    [
      { ...valid, allowedOrigins: ['https://a.example/app'] },
      'Stage prod (infra/stages.ts): allowedOrigins: "https://a.example/app" is not an origin as browsers send it',
    ],
    [{ ...valid, cors: [] }, 'Stage prod (infra/stages.ts):'],
  ])('refuses prod with %j', (settings, message) => {
    expect(() => stageSettings('prod', { prod: settings })).toThrow(message);
  });

  it('lets another stage use example addresses and http://localhost origins', () => {
    const dev = { ...valid, leadershipEmails: ['a@example.org'], allowedOrigins: ['http://localhost:5173'] };

    expect(stageSettings('dev', { dev })).toMatchObject({
      name: 'dev',
      allowedOrigins: ['http://localhost:5173'],
    });
  });

  it.each(['leadershipEmails', 'opsEmails', 'allowedOrigins'])(
    'refuses the retired -c %s rather than ignoring it',
    (key) => {
      const app = new App({ context: { stage: 'dev', [key]: 'x' } });

      expect(() => addPledgeTracker(app)).toThrow(
        `Context ${key} is no longer read: put it in infra/stages.ts`,
      );
    },
  );
});
