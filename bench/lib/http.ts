// HTTP helpers: sign in as a demo account, call the API, and generate load with autocannon from this
// process (the server is another process: two processes on the two cores, over loopback).
import autocannon from 'autocannon';

export const PASSWORD = 'Jiandu@2026';

export interface Session {
  cookie: string;
  csrf: string;
}

/** fetch, tried once more when the connection fails: after minutes without requests (a long
 *  in-process benchmark) the pool may hand out a keep-alive socket the server has just closed. */
async function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return fetch(url, init);
  }
}

export async function login(base: string, username: string): Promise<Session> {
  const res = await fetchOnce(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`Sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('jiandu_sid='));
  if (!setCookie) throw new Error('No session cookie');
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0], csrf: body.csrfToken };
}

export async function getJson<T = unknown>(base: string, path: string, session?: Session): Promise<{ status: number; body: T; bytes: number }> {
  const res = await fetchOnce(base + path, { headers: session ? { cookie: session.cookie } : {} });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, bytes: Buffer.byteLength(text) };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  non2xx: number;
  bytesPerRequest: number;
  seconds: number;
}

/** Runs `connections` connections for `seconds`, cycling through `paths` (GET), or POSTing `bodies`
 *  in turn to the single path when bodies are given (JSON, with the session's CSRF token). */
export async function load(opts: {
  base: string; paths: readonly string[]; cookie?: string; connections: number; seconds: number; bodies?: readonly string[]; csrf?: string;
}): Promise<LoadResult> {
  let i = 0;
  const { paths, bodies } = opts;
  const headers: Record<string, string> = opts.cookie ? { cookie: opts.cookie } : {};
  if (bodies) Object.assign(headers, { 'content-type': 'application/json' }, opts.csrf ? { 'x-csrf-token': opts.csrf } : {});
  const result = await autocannon({
    url: opts.base,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    headers,
    requests: [{
      setupRequest: (req) => bodies
        ? { ...req, method: 'POST', path: paths[0], body: bodies[i++ % bodies.length] }
        : { ...req, method: 'GET', path: paths[i++ % paths.length] },
    }],
  });
  const total = result.requests.total;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    bytesPerRequest: total ? result.throughput.total / total : 0,
    seconds: result.duration,
  };
}
