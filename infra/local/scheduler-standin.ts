// EventBridge Scheduler stand-in: runs the declared schedules' handlers on their own expressions and time zone,
// on a clock that tests may replace. As in AWS, runs missed while the runtime was stopped are not made up.
import type { Clock } from '../../shared/ports';
import { type ScheduleDeclaration, scheduledTimePlaceholder } from '../../shared/schedules';
import { nextOccurrence, occurrences, parseCron } from './schedule-expression';

/** What a scheduled function receives: the target input, its placeholder replaced by the run's due time. */
export interface ScheduledInput {
  scheduledTime: string;
}

export interface ScheduledRun {
  schedule: string;
  scheduledTime: string;
  /** Attempts made (1 + retries); `failed` once the retry policy gave up (the dead-letter queue in AWS). */
  attempts: number;
  failed?: string;
}

export interface SchedulerStandIn {
  /** Runs, in order, every run due since the last one up to the clock's now; resolves when they are done. */
  catchUp(): Promise<ScheduledRun[]>;
  readonly runs: readonly ScheduledRun[];
  stop(): Promise<void>;
}

/** The input the stack gives every schedule's target; the stand-in fills the placeholder. */
export const scheduleInput = { scheduledTime: scheduledTimePlaceholder } as const;

/** Longest single wait: a timer past ~24 days overflows, and a changed clock is noticed within the hour. */
const maxWaitMs = 60 * 60 * 1000;

export function startSchedulerStandIn(options: {
  schedules: readonly ScheduleDeclaration[];
  clock: Clock;
  invoke: (schedule: ScheduleDeclaration, input: ScheduledInput) => Promise<unknown>;
  /** Fire on the wall clock; tests leave it off and call catchUp() after moving their clock. */
  timers?: boolean;
  log?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
}): SchedulerStandIn {
  const log = options.log ?? (() => {});
  const logError = options.logError ?? (() => {});
  // An expression the stand-in cannot read is a start-up error, not a schedule that never fires.
  for (const schedule of options.schedules) parseCron(schedule.expression);
  let last = options.clock.now();
  const runs: ScheduledRun[] = [];
  let running: Promise<ScheduledRun[]> = Promise.resolve([]);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOne = async (schedule: ScheduleDeclaration, at: Date): Promise<ScheduledRun> => {
    const run: ScheduledRun = { schedule: schedule.name, scheduledTime: at.toISOString(), attempts: 0 };
    runs.push(run);
    for (;;) {
      run.attempts++;
      try {
        await options.invoke(schedule, { scheduledTime: run.scheduledTime });
        log(`Schedule ${schedule.name} ran for ${run.scheduledTime}`);
        return run;
      } catch (error) {
        if (run.attempts > schedule.retry.maximumRetryAttempts) {
          run.failed = (error as Error).message;
          logError(
            `Schedule ${schedule.name} failed for ${run.scheduledTime} after ${run.attempts} attempts`,
            error,
          );
          return run;
        }
      }
    }
  };

  const due = async (): Promise<ScheduledRun[]> => {
    const now = options.clock.now();
    const pending = options.schedules
      .flatMap((schedule) =>
        occurrences(schedule.expression, schedule.timeZone, last, now).map((at) => ({ schedule, at })),
      )
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    if (now > last) last = now;
    const done: ScheduledRun[] = [];
    for (const { schedule, at } of pending) done.push(await runOne(schedule, at));
    return done;
  };

  const catchUp = () => {
    running = running.then(due, due);
    return running;
  };

  const arm = () => {
    if (stopped || !options.timers) return;
    const now = options.clock.now();
    const next = options.schedules
      .map((s) => nextOccurrence(s.expression, s.timeZone, now))
      .filter((d): d is Date => d !== undefined)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    const wait = next ? Math.min(maxWaitMs, Math.max(0, next.getTime() - now.getTime())) : maxWaitMs;
    timer = setTimeout(() => {
      catchUp()
        .catch((error) => logError('Scheduler stand-in failed', error))
        .finally(arm);
    }, wait);
    timer.unref();
  };
  arm();

  return {
    catchUp,
    runs,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {});
    },
  };
}
