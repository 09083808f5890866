import type { Logger } from 'pino';
import { TenantModel } from '../tenants/tenants.model.js';
import type { Leases } from './leases.js';

/** A job run per active tenant on an interval, under a per-tenant lease. */
export interface ScheduledJob {
  name: string;
  intervalMs: number;
  run(tenantId: string): Promise<void>;
}

/**
 * Runs each job for every active tenant every `intervalMs`. Before a run the instance takes the
 * tenant's lease for that job (lasting the interval), so with many instances exactly one runs it.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly leases: Leases,
    private readonly logger: Logger,
  ) {}

  /** Starts a job: a first tick soon after start, then every interval. */
  start(job: ScheduledJob, firstDelayMs = 1_000): void {
    const tick = () => {
      if (this.stopped) return;
      const run = this.tick(job).finally(() => this.inFlight.delete(run));
      this.inFlight.add(run);
    };
    this.timers.push(setTimeout(tick, firstDelayMs).unref());
    this.timers.push(setInterval(tick, job.intervalMs).unref());
  }

  /** Runs one round of a job now (used by ticks and tests). */
  async tick(job: ScheduledJob): Promise<void> {
    let tenants: Array<{ tenantId: string }>;
    try {
      tenants = await TenantModel.find({ status: 'active' }, { tenantId: 1, _id: 0 }).lean<Array<{ tenantId: string }>>();
    } catch (error) {
      this.logger.warn({ job: job.name, err: (error as Error).message }, 'scheduled job skipped: database unavailable');
      return;
    }
    for (const { tenantId } of tenants) {
      if (this.stopped) return;
      try {
        if (!(await this.leases.acquire(tenantId, job.name, job.intervalMs))) continue;
        await job.run(tenantId);
      } catch (error) {
        this.logger.error({ job: job.name, tenantId, err: (error as Error).message }, 'scheduled job failed');
      }
    }
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.allSettled([...this.inFlight]);
  }
}
