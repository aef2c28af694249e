// GET /v1/openapi.json: the OpenAPI 3.1 document generated from the route table and the zod schemas.
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../shared/routes';
import type { Answer, EventOptions } from '../../support/http-events';
import { loadHandler, requestIdHeader } from './support';

let getOpenApi: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  getOpenApi = await loadHandler('GetOpenApi');
});

interface Operation {
  operationId: string;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: { required?: string[] } } } };
  responses: Record<string, unknown>;
}

describe('the OpenAPI document', () => {
  it('is served publicly as OpenAPI 3.1.0, cacheable for five minutes', async () => {
    const answer = await getOpenApi();

    expect([answer.status, answer.headers, answer.body.openapi, answer.body.info.title]).toEqual([
      200,
      {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'public, max-age=300',
        ...requestIdHeader,
      },
      '3.1.0',
      'Pledge Tracker API',
    ]);
  });

  it('documents every route of shared/routes.ts with its method, and nothing else', async () => {
    const { body } = await getOpenApi();

    const documented = Object.entries(body.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations).map(
          ([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`,
        ),
    );
    expect(documented.sort()).toEqual(
      routes.map((r) => `${r.method} ${r.path} ${r.name.charAt(0).toLowerCase()}${r.name.slice(1)}`).sort(),
    );
  });

  it('documents the Idempotency-Key header and the required body fields of RecordHandover', async () => {
    const { body } = await getOpenApi();

    const operation: Operation = body.paths['/v1/campaigns/{campaignId}/handovers'].post;
    expect({
      parameters: operation.parameters,
      required: operation.requestBody?.content['application/json'].schema.required,
      responses: Object.keys(operation.responses).sort(),
    }).toEqual({
      parameters: [
        {
          name: 'campaignId',
          in: 'path',
          required: true,
          schema: {
            type: 'string',
            pattern: '^[a-z0-9][a-z0-9-]{2,62}$',
          },
        },
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: '8 to 128 printable ASCII characters; the same key and body return the first result',
          schema: { type: 'string' },
        },
      ],
      required: ['organizationId', 'category', 'ward', 'handedOverOn'],
      responses: ['201', '400', '401', '403', '404', '409', '413', '415', '422', '500'],
    });
  });

  it('marks public routes as needing no token and the others as answering 401 and 403', async () => {
    const { body } = await getOpenApi();

    const access = routes.map((route) => {
      const operation: Operation = body.paths[route.path][route.method.toLowerCase()];
      return {
        route: route.name,
        public: Array.isArray(operation.security) && operation.security.length === 0,
        refuses: '401' in operation.responses && '403' in operation.responses,
      };
    });
    expect(access).toEqual(
      routes.map((route) => ({
        route: route.name,
        public: route.access === 'public',
        refuses: route.access !== 'public',
      })),
    );
  });
});
