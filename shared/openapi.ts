// The OpenAPI 3.1 document, generated from the route declaration and the zod schemas, never written by hand.

import { type RouteDeclaration, routes } from './routes';
import { ErrorView } from './schemas/api';
import { type RouteSchemas, routeSchemas } from './schemas/route-schemas';
import * as z from './schemas/zod';

const jsonSchema = (schema: z.ZodMiniType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function parametersOf(route: RouteDeclaration, schemas: RouteSchemas) {
  const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const objectProperties = (schema: z.ZodMiniType | undefined) => {
    const json = schema ? (jsonSchema(schema, 'input') as { properties?: Record<string, unknown> }) : {};
    return json.properties ?? {};
  };
  const pathProps = objectProperties(schemas.params);
  return [
    ...pathNames.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: pathProps[name] ?? { type: 'string' },
    })),
    ...Object.entries(objectProperties(schemas.query)).map(([name, schema]) => ({
      name,
      in: 'query',
      required: false,
      schema,
    })),
    ...(schemas.headers ?? []).map((h) => ({
      name: h.name,
      in: 'header',
      required: true,
      description: h.description,
      schema: { type: 'string' },
    })),
  ];
}

function operationOf(route: RouteDeclaration) {
  const schemas: RouteSchemas = routeSchemas[route.name as keyof typeof routeSchemas];
  const access = route.access;
  const isPublic = access === 'public';
  const mediaTypes = schemas.response.mediaTypes;
  return {
    operationId: route.name.charAt(0).toLowerCase() + route.name.slice(1),
    summary: route.summary,
    description:
      access === 'public'
        ? 'Public.'
        : access === 'signed-in'
          ? 'Any signed-in user.'
          : `Groups: ${access.join(', ')}.`,
    ...(isPublic ? { security: [] } : {}),
    parameters: parametersOf(route, schemas),
    ...(schemas.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(schemas.body, 'input') } },
          },
        }
      : schemas.requestMediaTypes
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                Object.entries(schemas.requestMediaTypes).map(([type, description]) => [
                  type,
                  { schema: { description } },
                ]),
              ),
            },
          }
        : {}),
    responses: {
      [schemas.response.status]: {
        description: schemas.response.schema || mediaTypes ? 'Success' : 'Done; no body',
        ...(schemas.response.schema || mediaTypes
          ? {
              content: mediaTypes
                ? Object.fromEntries(
                    Object.entries(mediaTypes).map(([type, description]) => [
                      type,
                      // OpenAPI 3.1: a binary body is described by its media type alone, without a string schema.
                      { schema: isTextual(type) ? { type: 'string', description } : { description } },
                    ]),
                  )
                : {
                    'application/json': {
                      schema: jsonSchema(schemas.response.schema as z.ZodMiniType, 'output'),
                    },
                  },
            }
          : {}),
      },
      ...(schemas.body || schemas.query || schemas.headers
        ? { 400: errorResponse('Malformed or invalid input') }
        : {}),
      ...(isPublic
        ? {}
        : { 401: errorResponse('No valid token'), 403: errorResponse('Not allowed for this caller') }),
      ...(schemas.params ? { 404: errorResponse('Not found') } : {}),
      ...(route.method === 'POST' ? { 409: errorResponse('Conflicts with what exists') } : {}),
      ...(schemas.body
        ? {
            413: errorResponse(`Body over ${(schemas.maxBodyBytes ?? 64 * 1024) / 1024} KB`),
            415: errorResponse('Body is not application/json'),
          }
        : {}),
      ...(schemas.headers ? { 422: errorResponse('Idempotency-Key reused with another body') } : {}),
      ...Object.fromEntries(
        Object.entries(schemas.otherResponses ?? {}).map(([status, description]) => [
          status,
          errorResponse(description),
        ]),
      ),
      500: errorResponse('Internal error'),
    },
  };
}

function isTextual(mediaType: string): boolean {
  return mediaType.startsWith('text/') || mediaType.endsWith('+xml');
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pledge Tracker API',
      version: '1.0.0',
      description:
        'Pledges (đăng ký) and handovers (bàn giao) of charity housing in district anniversary campaigns. ' +
        'Text is stored in Unicode NFC.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorView, 'output') },
    },
    paths,
  };
}
