// A stand-in for an adapter a function was not given: any use fails with what is missing, naming the variable.
import { type Config, ConfigError, type ConfigKey, variableOf } from './config';

/** "environment variable X and a Y client": what a function lacks to build an adapter. */
export function lacking(config: Config, keys: ConfigKey[], client: unknown, clientName: string): string {
  const variables = keys.filter((key) => config[key] === undefined).map(variableOf);
  return [...variables.map((name) => `environment variable ${name}`), ...(client ? [] : [clientName])].join(
    ' and ',
  );
}

export function missing<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_, property) {
      // Lets the stand-in be inspected, logged or awaited without failing; only a real use fails.
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      throw new ConfigError(`This function was not given ${what} (needed for ${String(property)})`);
    },
  });
}
