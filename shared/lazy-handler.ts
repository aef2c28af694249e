// A Lambda handler built on its first invocation, so that importing a handler module reads no configuration
// and builds no client (tests and the local runtime import it and call `makeHandler(deps)` instead).
export function lazyHandler<Args extends unknown[], Result>(
  build: () => (...args: Args) => Result,
): (...args: Args) => Result {
  let built: ((...args: Args) => Result) | undefined;
  return (...args) => {
    built ??= build();
    return built(...args);
  };
}

/**
 * Deps built on their first use rather than with the handler: a request refused at the edge (no token, a bad
 * id) builds no SDK client, as the container before makeHandler did (the cold-start bench asks such requests).
 */
export function deferred<T extends object>(build: () => T): T {
  let built: T | undefined;
  return new Proxy({} as T, {
    get(_, property) {
      built ??= build();
      return Reflect.get(built, property);
    },
  });
}
