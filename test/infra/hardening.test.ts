// The HTTP API's guards in the synthesized template: stage throttling, CORS only for configured origins, and
// cdk-nag's acknowledgement of public routes (and their HEADs) naming every one of them.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiThrottle } from '../../infra/stateless-stack';
import { type RouteDeclaration, routes } from '../../shared/routes';
import { resources, type Synthesized, synthesize } from './synth';

const declared: readonly RouteDeclaration[] = routes;

function findings(app: App): string[] {
  return new AwsSolutionsChecks()
    .validateScope(app)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
}

function apiProperties(synthesized: Synthesized): Record<string, unknown> {
  const apis = Object.values(resources(synthesized.stateless, 'AWS::ApiGatewayV2::Api'));
  expect(apis).toHaveLength(1);
  return apis[0]?.Properties ?? {};
}

/** The prod test stage (no origins) and the dev one (three); synthesized once for the file. */
let closed: Synthesized;
let open: Synthesized;

beforeAll(() => {
  closed = synthesize();
  open = synthesize({ stage: 'dev' });
});

describe('stage throttling', () => {
  it('limits the default stage to 100 requests per second with bursts of 200, for every route', () => {
    const stages = Object.values(resources(closed.stateless, 'AWS::ApiGatewayV2::Stage'));

    expect(stages.map((s) => [s.Properties.StageName, s.Properties.DefaultRouteSettings])).toEqual([
      ['$default', { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }],
    ]);
    // No route is given limits of its own.
    expect(stages[0]?.Properties.RouteSettings).toBeUndefined();
  });

  it('leaves room for 200 open dashboards polling progress every 2.5 s, and 25 of them loading at once', () => {
    const dashboards = 200;
    const pollsPerSecond = 1 / 2.5;
    const requestsPerFirstLoad = 7;

    expect(apiThrottle.rateLimit).toBeGreaterThanOrEqual(dashboards * pollsPerSecond);
    expect(apiThrottle.burstLimit).toBeGreaterThanOrEqual(25 * requestsPerFirstLoad);
  });
});

describe('CORS', () => {
  it('is not configured by default, so browsers refuse every cross-origin call', () => {
    expect(apiProperties(closed).CorsConfiguration).toBeUndefined();
  });

  it("allows exactly the stage's origins, each once, with the declared methods and our three headers, exposing x-request-id", () => {
    expect(apiProperties(open).CorsConfiguration).toEqual({
      AllowOrigins: ['https://a.example', 'https://b.example:8443', 'http://localhost:5173'],
      AllowMethods: [...new Set(declared.map((r) => r.method))].sort(),
      AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      ExposeHeaders: ['x-request-id'],
      MaxAge: 3600,
    });
  });

  it('covers the methods a browser client needs a preflight for', () => {
    const methods = (apiProperties(open).CorsConfiguration as { AllowMethods: string[] }).AllowMethods;

    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH']));
    expect(methods).not.toContain('*');
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged with origins configured either', () => {
    expect(findings(open.app)).toEqual([]);
  });

  it('justifies each public route by naming every public route in shared/routes.ts', () => {
    const publicRoutes = declared.filter((r) => r.access === 'public');

    const reasons = publicRoutes.map((r) => {
      const route = closed.tracker.stateless.endpoints.get(r.name)?.route;
      const acknowledged = (route?.node.metadata ?? [])
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
        .filter(([id]) => id.endsWith('AwsSolutions-APIG4'));
      expect(acknowledged, r.name).toHaveLength(1);
      return acknowledged[0]?.[1] ?? '';
    });

    // The dashboard, its assets and the campaign list are public too, not only the aggregates.
    expect(publicRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /', 'GET /assets/{file}', 'GET /v1/campaigns']),
    );
    for (const [i, reason] of reasons.entries()) {
      expect(
        reason.startsWith(`${publicRoutes[i]?.method} ${publicRoutes[i]?.path} is declared public`),
      ).toBe(true);
      for (const r of publicRoutes) expect(reason).toContain(`${r.method} ${r.path} ("${r.summary}")`);
      for (const r of declared.filter((d) => d.access !== 'public')) {
        expect(reason).not.toContain(`${r.method} ${r.path} (`);
      }
    }
  });

  it('justifies the HEAD route of each public GET by the GET it repeats, and leaves other HEADs to the authorizer', () => {
    const headAcknowledgements = declared
      .filter((r) => r.method === 'GET')
      .map((r) => {
        const headRoute = closed.tracker.stateless.endpoints.get(r.name)?.headRoute;
        const reasons = (headRoute?.node.metadata ?? [])
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
          .filter(([id]) => id.endsWith('AwsSolutions-APIG4'))
          .map(([, reason]) => reason.slice(0, reason.indexOf(' in shared/routes.ts')));
        return [r.name, reasons];
      });

    expect(headAcknowledgements).toEqual(
      declared
        .filter((r) => r.method === 'GET')
        .map((r) => [
          r.name,
          r.access === 'public' ? [`HEAD ${r.path} is GET ${r.path}, declared public`] : [],
        ]),
    );
  });
});
