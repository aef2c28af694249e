// Types of java-launch.mjs.
import type { ChildProcess } from 'node:child_process';

export interface SpawnedJava {
  child: ChildProcess;
  port: number;
  endpoint: string;
  /** Kills java at once and forgets it: for a start that failed. */
  kill(): void;
  /** Asks java to stop, then kills it if it has not within 3 s. */
  stop(): Promise<void>;
}

export function javaOnPath(path?: string): boolean;
export function freePort(): Promise<number>;
export function spawnJava(options: { port: number; dataDir?: string | undefined }): SpawnedJava;
