/** Settings read from the environment, once. */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  /**
   * The application role's connection to the external server (CELLBASE_APP_DATABASE_URL); DATABASE_URL is then
   * the owner's, used for migrations and maintenance only. Unset: cellbase finds or makes the role itself.
   */
  appDatabaseUrl?: string;
  dataDir: string;
  /** Session lifetime and idle timeout. */
  sessionHours: number;
  /** Failed logins from one address, or on one username, within the window before throttling/lock-out. */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  lockMinutes: number;
  /** Cookies marked Secure (set CELLBASE_SECURE_COOKIES=1 behind HTTPS). */
  secureCookies: boolean;
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For), as Fastify's `trustProxy`:
   * unset = none (the socket address is the client), or a list of proxy addresses / CIDR ranges. Trusting every
   * proxy would let any client forge its address and slip past the per-address sign-in throttle.
   */
  trustProxy: string[] | false;
  webDist: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.CELLBASE_APP_DATABASE_URL || undefined,
    dataDir: path.resolve(env.CELLBASE_DATA_DIR ?? './data'),
    sessionHours: Number(env.CELLBASE_SESSION_HOURS ?? 12),
    loginMaxFailures: Number(env.CELLBASE_LOGIN_MAX_FAILURES ?? 5),
    loginWindowMinutes: Number(env.CELLBASE_LOGIN_WINDOW_MINUTES ?? 15),
    lockMinutes: Number(env.CELLBASE_LOCK_MINUTES ?? 15),
    secureCookies: env.CELLBASE_SECURE_COOKIES === '1',
    trustProxy: env.CELLBASE_TRUST_PROXY ? env.CELLBASE_TRUST_PROXY.split(',').map((part) => part.trim()).filter(Boolean) : false,
    webDist: path.resolve(env.CELLBASE_WEB_DIST ?? 'web/dist'),
  };
}
