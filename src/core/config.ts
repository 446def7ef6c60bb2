// Configuration from the environment, read once. Every setting has a safe default.
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  demoMode: boolean;
  idleTimeoutMinutes: number;
  sessionHours: number;
  /** Milliseconds one process reuses a user's roles and scope while their account is unchanged (0: never). */
  grantsCacheMs: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  loginRatePerMinute: number;
  secureCookies: boolean;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  runScheduler: boolean;
  logLevel: string;
}

const num = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number(v));
const bool = (v: string | undefined, d: boolean) => (v === undefined || v === '' ? d : ['1', 'true', 'yes'].includes(v.toLowerCase()));

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  return {
    port: num(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL ?? '',
    demoMode: bool(env.JIANDU_DEMO, false),
    idleTimeoutMinutes: num(env.JIANDU_IDLE_MINUTES, 30),
    sessionHours: num(env.JIANDU_SESSION_HOURS, 12),
    grantsCacheMs: num(env.JIANDU_GRANTS_CACHE_MS, 5000),
    lockoutAttempts: num(env.JIANDU_LOCKOUT_ATTEMPTS, 5),
    lockoutMinutes: num(env.JIANDU_LOCKOUT_MINUTES, 15),
    loginRatePerMinute: num(env.JIANDU_LOGIN_RATE, 20),
    secureCookies: bool(env.JIANDU_SECURE_COOKIES, false),
    bodyLimitBytes: num(env.JIANDU_BODY_LIMIT, 1024 * 1024),
    uploadLimitBytes: num(env.JIANDU_UPLOAD_LIMIT, 10 * 1024 * 1024),
    runScheduler: bool(env.JIANDU_SCHEDULER, true),
    logLevel: env.LOG_LEVEL ?? 'info',
    ...overrides,
  };
}
