import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 4 * 1024 * 1024;

/** Reads a file (or an open descriptor) in 4 MB pieces, reusing one buffer: memory stays flat whatever the size. */
export function readChunks(file: string | number, onChunk: (chunk: Buffer) => void): number {
  const fd = typeof file === 'number' ? file : openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(CHUNK);
  let total = 0;
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n <= 0) break;
      total += n;
      onChunk(chunk.subarray(0, n));
    }
  } finally {
    if (typeof file !== 'number') closeSync(fd);
  }
  return total;
}
