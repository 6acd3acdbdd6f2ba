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
  /** A session's absolute lifetime, however busy it is. */
  sessionHours: number;
  /** A session unused this long ends (every request slides it forward; NOTES.md "Sessions and passwords"). */
  sessionIdleMinutes: number;
  /**
   * Sign-in throttle (login.service.ts): free failures per (username, address) within the window before the delay
   * starts (the username across addresses gets 4×, the address across usernames 10×); failures older than the
   * window no longer count. No account is ever locked by failures.
   */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /** The longest delay owed by one (username, address) pair, in minutes. */
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
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    appDatabaseUrl: env.CELLBASE_APP_DATABASE_URL || undefined,
    dataDir: path.resolve(env.CELLBASE_DATA_DIR ?? './data'),
    sessionHours: Number(env.CELLBASE_SESSION_HOURS ?? 12),
    sessionIdleMinutes: Number(env.CELLBASE_SESSION_IDLE_MINUTES ?? 30),
    loginMaxFailures: Number(env.CELLBASE_LOGIN_MAX_FAILURES ?? 5),
    loginWindowMinutes: Number(env.CELLBASE_LOGIN_WINDOW_MINUTES ?? 60),
    lockMinutes: Number(env.CELLBASE_LOCK_MINUTES ?? 15),
    secureCookies: env.CELLBASE_SECURE_COOKIES === '1',
    trustProxy: env.CELLBASE_TRUST_PROXY ? env.CELLBASE_TRUST_PROXY.split(',').map((part) => part.trim()).filter(Boolean) : false,
    webDist: path.resolve(env.CELLBASE_WEB_DIST ?? 'web/dist'),
  };
}
