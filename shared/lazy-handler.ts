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
