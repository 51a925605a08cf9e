// Streaming tar reader (ustar, GNU long names, pax paths): yields one member at a time, never the whole archive.

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
  const reader = stream.getReader();
  let buf = new Uint8Array(0);
  let done = false;
  // Ensure at least n bytes are buffered; false at end of stream.
  const fill = async (n: number): Promise<boolean> => {
    while (buf.byteLength < n && !done) {
      const r = await reader.read();
      if (r.done) done = true;
      else {
        const next = new Uint8Array(buf.byteLength + r.value.byteLength);
        next.set(buf);
        next.set(r.value, buf.byteLength);
        buf = next;
      }
    }
    return buf.byteLength >= n;
  };
  const take = (n: number) => {
    const out = buf.slice(0, n);
    buf = buf.subarray(n);
    return out;
  };
  // Drop n bytes as they arrive, keeping at most one chunk in memory.
  const skip = async (n: number) => {
    while (n > 0) {
      if (!buf.byteLength && !(await fill(1))) throw new Error('tar archive ends inside a member — the shard is truncated');
      const k = Math.min(n, buf.byteLength);
      buf = buf.subarray(k);
      n -= k;
    }
  };
  let longName: string | undefined;
  try {
    for (;;) {
      if (!(await fill(512))) {
        if (buf.byteLength > 0) throw new Error('tar archive ends in the middle of a header — the shard is truncated');
        return;
      }
      const header = take(512);
      if (header.every((x) => x === 0)) return;
      if (!checksumOk(header)) throw new Error('tar header checksum does not match — the shard is damaged');
      const size = parseOctal(header.subarray(124, 136));
      const type = String.fromCharCode(header[156] || 48);
      const padded = Math.ceil(size / 512) * 512;
      if (size > maxMemberBytes && (type === '0' || type === '\0' || type === '7')) {
        await skip(padded);
        const prefix = cString(header.subarray(345, 500));
        const plain = cString(header.subarray(0, 100));
        yield { name: longName ?? (prefix ? `${prefix}/${plain}` : plain), bytes: new Uint8Array(0), tooLarge: size };
        longName = undefined;
        continue;
      }
      if (!(await fill(padded))) throw new Error(`tar archive ends inside a member — the shard is truncated`);
      const body = take(padded).subarray(0, size);
      if (type === 'L') {
        longName = cString(body);
        continue;
      }
      if (type === 'x') {
        const path = parsePax(body).path;
        if (path) longName = path;
        continue;
      }
      if (type === 'g') continue;
      const prefix = cString(header.subarray(345, 500));
      const plain = cString(header.subarray(0, 100));
      const name = longName ?? (prefix ? `${prefix}/${plain}` : plain);
      longName = undefined;
      if (type === '0' || type === '\0' || type === '7') yield { name, bytes: body };
      else if (type === '1' || type === '2')
        yield { name, bytes: new Uint8Array(0), link: { kind: type === '2' ? 'symbolic' : 'hard', target: cString(header.subarray(157, 257)) } };
    }
  } finally {
    reader.releaseLock();
  }
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}

function parseOctal(b: Uint8Array): number {
  if (b[0] & 0x80) {
    // GNU base-256 for members over 8 GiB.
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i];
    return n;
  }
  const s = cString(b).trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
  return sum === parseOctal(h.subarray(148, 156));
}

function parsePax(body: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  const text = new TextDecoder().decode(body);
  for (const rec of text.split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(rec);
    if (m) out[m[1]] = m[2];
  }
  return out;
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
