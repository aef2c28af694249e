// Calls the real handlers in-process by route name, as API Gateway would (integration and seed tests).
import { type RouteName, routeNamed } from '../../shared/routes';
import { type Answer, type EventOptions, type Handler, invoke } from './http-events';

export type Api = (name: RouteName, options?: EventOptions) => Promise<Answer>;

/** Each handler module's `makeHandler`, built once with `deps` (for example a TestTables' deps()). */
export function handlerApi(deps: unknown): Api {
  const loaded = new Map<string, Promise<Handler>>();
  return async (name, options = {}) => {
    const route = routeNamed(name);
    if (!loaded.has(route.handler)) {
      loaded.set(
        route.handler,
        import(`../../functions/${route.handler}.ts`).then((m: { makeHandler: (deps: unknown) => Handler }) =>
          m.makeHandler(deps),
        ),
      );
    }
    const handler = await (loaded.get(route.handler) as Promise<Handler>);
    return invoke(handler, `${route.method} ${route.path}`, options);
  };
}

export const frontCommittee = { role: 'front-committee' } as const;
export const admin = { role: 'admin' } as const;
export const leadership = { role: 'leadership' } as const;
export const organizationUser = (organizationId: string) =>
  ({ role: 'organization', organizationId }) as const;
