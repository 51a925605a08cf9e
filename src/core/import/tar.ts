// Streaming tar reader over modern-tar's decoder (ustar, GNU long names, pax): yields one member at a time, never the
// whole archive; links are reported, not followed; members over the size limit are drained unread.

import { createTarDecoder } from 'modern-tar';

export interface TarMember {
  name: string;
  bytes: Uint8Array;
  /** A link entry: not followed (it could point anywhere); the reader reports it instead of dropping it silently. */
  link?: { kind: 'symbolic' | 'hard'; target: string };
  /** A member over the size limit: its bytes were skipped unread (bytes is empty), its declared size is here. */
  tooLarge?: number;
}

/** Members larger than `maxMemberBytes` are skipped as they stream by, never buffered. */
export async function* readTar(stream: ReadableStream<Uint8Array>, maxMemberBytes = Number.POSITIVE_INFINITY): AsyncGenerator<TarMember> {
  const entries = finalChunkInBlocks(stream)
    .pipeThrough(createTarDecoder({ strict: true }))
    .getReader();
  try {
    for (;;) {
      const { done, value: entry } = await entries.read();
      if (done) return;
      const { name, size, type = 'file', linkname = '' } = entry.header;
      if (type === 'symlink' || type === 'link') {
        await entry.body.cancel();
        yield { name, bytes: new Uint8Array(0), link: { kind: type === 'symlink' ? 'symbolic' : 'hard', target: linkname } };
      } else if (type !== 'file' && (type as string) !== 'contiguous-file') await entry.body.cancel();
      else if (size > maxMemberBytes) {
        await entry.body.cancel();
        yield { name, bytes: new Uint8Array(0), tooLarge: size };
      } else yield { name, bytes: new Uint8Array(await new Response(entry.body).arrayBuffer()) };
    }
  } catch (e) {
    const message = (e as Error).message;
    if (/unexpected end|truncat|incomplete/i.test(message)) throw new Error(`tar archive ends early — the shard is truncated (${message})`);
    throw new Error(`tar archive is damaged (${message})`);
  }
}

/**
 * The stream with its last chunk cut into 512-byte blocks. A truncated archive errors the decoder when the input ends,
 * and an errored stream drops the entries still queued in it: fed block by block at the end, the decoder has handed
 * over every complete member before it finds the truncation.
 */
function finalChunkInBlocks(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let held: Uint8Array | undefined;
  const tail: Uint8Array[] = [];
  let ended = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (!ended && !tail.length) {
          const { done, value } = await reader.read();
          if (done) {
            ended = true;
            for (let i = 0; held && i < held.length; i += 512) tail.push(held.subarray(i, i + 512));
          } else if (value.length) {
            const previous = held;
            held = value;
            if (previous) return controller.enqueue(previous);
          }
        }
        if (tail.length) controller.enqueue(tail.shift()!);
        if (ended && !tail.length) controller.close();
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/** Write a tar archive (used by tests and by exports): ustar headers, pax records for long names. */
export function tarEntry(name: string, bytes: Uint8Array): Uint8Array[] {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const nameBytes = enc.encode(name);
  if (nameBytes.byteLength > 99) {
    const rec = (len: number) => `${len} path=${name}\n`;
    let len = enc.encode(rec(0)).byteLength;
    while (enc.encode(rec(len)).byteLength !== len) len = enc.encode(rec(len)).byteLength;
    parts.push(...tarEntryRaw('PaxHeader', enc.encode(rec(len)), 'x'));
  }
  parts.push(...tarEntryRaw(nameBytes.byteLength > 99 ? name.slice(0, 99) : name, bytes, '0'));
  return parts;
}

/** A link entry (tests: archives that try to point outside themselves). */
export function tarLinkEntry(name: string, target: string, kind: 'symbolic' | 'hard'): Uint8Array[] {
  return tarEntryRaw(name, new Uint8Array(0), kind === 'symbolic' ? '2' : '1', target);
}

function tarEntryRaw(name: string, bytes: Uint8Array, type: string, linkName = ''): Uint8Array[] {
  const h = new Uint8Array(512);
  const enc = new TextEncoder();
  const put = (s: string, off: number, len: number) => h.set(enc.encode(s).subarray(0, len), off);
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${bytes.byteLength.toString(8).padStart(11, '0')}\0`, 124, 12);
  put('00000000000\0', 136, 12);
  put('        ', 148, 8);
  put(type, 156, 1);
  put(linkName, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const x of h) sum += x;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  const pad = new Uint8Array((512 - (bytes.byteLength % 512)) % 512);
  return [h, bytes, pad];
}

export const TAR_END = new Uint8Array(1024);
