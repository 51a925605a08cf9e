// Streaming line reader: splits bytes on \n without decoding the whole file, decodes each line strictly.

export interface Line {
  /** 1-based line number. */
  row: number;
  text?: string;
  /** Set when the line is not valid UTF-8. */
  encodingError?: string;
  /** The line break that ended the line ('' at the end of the file): a quoted CSV field spanning lines keeps it. */
  eol: '\r\n' | '\n' | '';
}

/** Yield every line of a UTF-8 stream (BOM stripped, CRLF accepted), decoding each line on its own. */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<Line> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const reader = stream.getReader();
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let row = 0;
  const decode = (parts: Uint8Array[], length: number, ended: boolean): Line => {
    row++;
    let bytes = concat(parts, length);
    if (row === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    const crlf = ended && bytes[bytes.length - 1] === 0x0d;
    if (crlf) bytes = bytes.subarray(0, bytes.length - 1);
    const eol = crlf ? '\r\n' : ended ? '\n' : '';
    try {
      return { row, text: decoder.decode(bytes), eol };
    } catch {
      return { row, encodingError: 'the line is not valid UTF-8 — save the file as UTF-8 and import it again', eol };
    }
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      let start = 0;
      for (let i = value.indexOf(10); i >= 0; i = value.indexOf(10, start)) {
        const piece = value.subarray(start, i);
        yield decode([...pending, piece], pendingLength + piece.byteLength, true);
        pending = [];
        pendingLength = 0;
        start = i + 1;
      }
      if (start < value.byteLength) {
        const rest = value.subarray(start);
        pending.push(rest);
        pendingLength += rest.byteLength;
      }
    }
    if (pendingLength > 0) yield decode(pending, pendingLength, false);
  } finally {
    reader.releaseLock();
  }
}

export function concat(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
