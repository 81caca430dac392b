import { ZipFile } from 'yazl';

/** A zip archive in memory, as actions/upload-artifact would store these entries. */
export function zip(entries: Record<string, string | Buffer>): Promise<Buffer> {
  const z = new ZipFile();
  for (const [name, content] of Object.entries(entries)) z.addBuffer(typeof content === 'string' ? Buffer.from(content) : content, name);
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    z.outputStream.on('error', reject);
  });
}
