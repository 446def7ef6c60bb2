// Runs queued jobs in this process and turns cron schedules into jobs. Several processes may run
// this at once: a schedule slot becomes one job (its dedupe key), and a job is claimed by one worker.
import { Cron } from 'croner';
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Dialect } from '../db/index.js';
import { randomToken } from '../core/crypto.js';
import { claim, complete, enqueue, fail } from './queue.js';

export type JobHandler = (payload: unknown, jobId: string) => Promise<unknown>;

export interface Schedule {
  name: string;
  cron: string;
  kind: string;
  payload?: unknown;
}

export class JobWorker {
  readonly id = `${os.hostname()}:${process.pid}:${randomToken(4)}`;
  private timer: NodeJS.Timeout | null = null;
  private crons: Cron[] = [];
  private running = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly handlers: Record<string, JobHandler>,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs = 1000,
  ) {}

  /** Polls the queue for due jobs (on-demand work); every app process does this. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.pollMs);
  }

  /** Turns cron schedules into jobs; several processes may do this, each slot is still one job. */
  schedule(schedules: Schedule[]): void {
    for (const s of schedules) {
      this.crons.push(new Cron(s.cron, { timezone: 'Asia/Shanghai', protect: true }, async () => {
        // The slot is the minute the schedule fired in: the same on every process.
        const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
        await enqueue(this.db, s.kind, s.payload ?? {}, { dedupeKey: `${s.name}@${slot}` }).catch((err) => this.log.error({ err }, 'schedule failed'));
      }));
    }
  }

  /** Claims and runs due jobs until none is left. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let finish!: () => void;
    this.idle = new Promise((r) => (finish = r));
    try {
      for (let job = await claim(this.db, this.dialect, this.id); job; job = await claim(this.db, this.dialect, this.id)) {
        const handler = this.handlers[job.kind];
        try {
          if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
          await complete(this.db, job.id, await handler(JSON.parse(job.payload), job.id));
        } catch (err) {
          this.log.warn({ err, job: job.id, kind: job.kind }, 'job failed');
          await fail(this.db, job, err);
        }
      }
    } catch (err) {
      this.log.error({ err }, 'job polling failed');
    } finally {
      this.running = false;
      finish();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.crons.forEach((c) => c.stop());
    await this.idle;
  }
}
