import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpStatus, type Client } from './client.js';

interface Cached {
  etag: string;
  url: string;
  link?: string;
  data: unknown;
}

interface GetOptions {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
}

/**
 * Conditional requests: each GET answer with an ETag is kept in `dir`, and asked for again with
 * If-None-Match. GitHub answers 304 when nothing changed, which does not count against the rate
 * limit, so a repeated audit reads mostly from the cache. `hits` counts those answers.
 */
export function useConditionalRequests(client: Client, dir: string): { hits: number } {
  mkdirSync(dir, { recursive: true });
  const stats = { hits: 0 };
  client.hook.wrap('request', async (request, options) => {
    const get = options as GetOptions;
    if ((get.method ?? 'GET').toUpperCase() !== 'GET') return request(options);
    const { url } = client.request.endpoint.parse(options);
    const file = join(dir, `${createHash('sha256').update(`${url}\n${typeof get.headers?.accept === 'string' ? get.headers.accept : ''}`).digest('hex')}.json`);
    let cached: Cached | undefined;
    try {
      cached = JSON.parse(readFileSync(file, 'utf8')) as Cached;
    } catch {
      // Not cached yet, or a damaged file: asked for in full.
    }
    // In place: before-after-hook hands every inner hook the options object it was first called with.
    if (cached) get.headers = Object.assign(get.headers ?? {}, { 'if-none-match': cached.etag });
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (typeof etag === 'string') {
        const link = response.headers.link;
        writeFileSync(file, JSON.stringify({ etag, url: response.url, ...(typeof link === 'string' ? { link } : {}), data: response.data as unknown }));
      }
      return response;
    } catch (error) {
      if (httpStatus(error) !== 304 || !cached) throw error;
      stats.hits += 1;
      return { status: 200, url: cached.url, headers: { etag: cached.etag, ...(cached.link ? { link: cached.link } : {}) }, data: cached.data as never };
    }
  });
  return stats;
}
