// A small, streaming Parquet writer for exports: required columns only (no definition or repetition levels), PLAIN
// encoding, no compression, one data page per column per row group. Enough for image bytes and strings, readable by
// Arrow, the Hugging Face `datasets` library and hyparquet. Row groups are written as they fill, so 100,000 rows with
// their images never sit in memory together; the footer (Thrift compact protocol) comes last.

export type ParquetColumn =
  | { name: string; type: 'string' }
  | { name: string; type: 'binary' }
  | { name: string; type: 'int64' }
  | { name: string; type: 'double' }
  /** A struct of two fields, as `datasets` stores an Image: {bytes: binary, path: string}. */
  | { name: string; type: 'image' };

export type ParquetValue = string | Uint8Array | number | bigint | { bytes: Uint8Array; path: string };

// biome-ignore lint/suspicious/noConstEnum: private to this file, erased at compile time; never crosses a module boundary
const enum T {
  BYTE_ARRAY = 6,
  INT64 = 2,
  DOUBLE = 5,
}

/** Thrift compact protocol, just what the Parquet footer and page headers need. */
class Compact {
  private parts: number[] = [];
  private last: number[] = [0];
  private varint(n: number | bigint) {
    let v = BigInt(n);
    while (v >= 0x80n) {
      this.parts.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.parts.push(Number(v));
  }
  private zigzag(n: number | bigint) {
    const v = BigInt(n);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  private header(id: number, type: number) {
    const delta = id - this.last[this.last.length - 1];
    if (delta > 0 && delta <= 15) this.parts.push((delta << 4) | type);
    else {
      this.parts.push(type);
      this.zigzag(id);
    }
    this.last[this.last.length - 1] = id;
  }
  i32(id: number, v: number) {
    this.header(id, 5);
    this.zigzag(v);
    return this;
  }
  i64(id: number, v: number | bigint) {
    this.header(id, 6);
    this.zigzag(v);
    return this;
  }
  string(id: number, s: string) {
    this.header(id, 8);
    const b = new TextEncoder().encode(s);
    this.varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }
  struct(id: number, body: (c: Compact) => void) {
    this.header(id, 12);
    this.last.push(0);
    body(this);
    this.parts.push(0);
    this.last.pop();
    return this;
  }
  list(id: number, elemType: 'i32' | 'string' | 'struct', items: unknown[], each?: (c: Compact, item: unknown) => void) {
    this.header(id, 9);
    const code = elemType === 'i32' ? 5 : elemType === 'string' ? 8 : 12;
    if (items.length < 15) this.parts.push((items.length << 4) | code);
    else {
      this.parts.push(0xf0 | code);
      this.varint(items.length);
    }
    for (const item of items) {
      if (elemType === 'i32') this.zigzag(item as number);
      else if (elemType === 'string') {
        const b = new TextEncoder().encode(item as string);
        this.varint(b.length);
        for (const x of b) this.parts.push(x);
      } else {
        this.last.push(0);
        each!(this, item);
        this.parts.push(0);
        this.last.pop();
      }
    }
    return this;
  }
  /** A top-level struct (page header, file metadata). */
  static message(body: (c: Compact) => void): Uint8Array {
    const c = new Compact();
    body(c);
    c.parts.push(0);
    return Uint8Array.from(c.parts);
  }
}

interface Leaf {
  path: string[];
  physical: T;
  utf8: boolean;
  get: (v: ParquetValue) => ParquetValue;
}

interface ChunkMeta {
  leaf: Leaf;
  offset: number;
  size: number;
  values: number;
}

const MAGIC = new TextEncoder().encode('PAR1');

export class ParquetWriter {
  private readonly leaves: Leaf[] = [];
  private rows: ParquetValue[][] = [];
  private groups: { chunks: ChunkMeta[]; rows: number; bytes: number }[] = [];
  private offset = 0;
  private totalRows = 0;
  private started = false;

  constructor(
    private readonly columns: ParquetColumn[],
    private readonly out: (chunk: Uint8Array) => Promise<void>,
    private readonly options: { rowGroupSize?: number; metadata?: Record<string, string> } = {},
  ) {
    for (const c of columns) {
      if (c.type === 'image') {
        this.leaves.push({ path: [c.name, 'bytes'], physical: T.BYTE_ARRAY, utf8: false, get: (v) => (v as { bytes: Uint8Array }).bytes });
        this.leaves.push({ path: [c.name, 'path'], physical: T.BYTE_ARRAY, utf8: true, get: (v) => (v as { path: string }).path });
      } else
        this.leaves.push({
          path: [c.name],
          physical: c.type === 'int64' ? T.INT64 : c.type === 'double' ? T.DOUBLE : T.BYTE_ARRAY,
          utf8: c.type === 'string',
          get: (v) => v,
        });
    }
  }

  private async emit(bytes: Uint8Array) {
    await this.out(bytes);
    this.offset += bytes.byteLength;
  }

  /** Add a row: one value per column, in column order. */
  async add(row: ParquetValue[]): Promise<void> {
    if (row.length !== this.columns.length) throw new Error(`a row needs ${this.columns.length} values, got ${row.length}`);
    this.rows.push(row);
    if (this.rows.length >= (this.options.rowGroupSize ?? 500)) await this.flush();
  }

  private async flush() {
    if (!this.rows.length) return;
    if (!this.started) {
      await this.emit(MAGIC);
      this.started = true;
    }
    const enc = new TextEncoder();
    const chunks: ChunkMeta[] = [];
    let bytes = 0;
    let leafIndex = 0;
    for (const [ci, col] of this.columns.entries()) {
      const leaves = col.type === 'image' ? 2 : 1;
      for (let l = 0; l < leaves; l++, leafIndex++) {
        const leaf = this.leaves[leafIndex];
        // PLAIN values: byte arrays as 4-byte length + bytes; int64 and double as 8 bytes little-endian.
        const parts: Uint8Array[] = [];
        let size = 0;
        for (const row of this.rows) {
          const v = leaf.get(row[ci]);
          if (leaf.physical === T.BYTE_ARRAY) {
            const b = typeof v === 'string' ? enc.encode(v) : (v as Uint8Array);
            const len = new Uint8Array(4);
            new DataView(len.buffer).setUint32(0, b.byteLength, true);
            parts.push(len, b);
            size += 4 + b.byteLength;
          } else {
            const b = new Uint8Array(8);
            if (leaf.physical === T.INT64) new DataView(b.buffer).setBigInt64(0, BigInt(v as number | bigint), true);
            else new DataView(b.buffer).setFloat64(0, Number(v), true);
            parts.push(b);
            size += 8;
          }
        }
        const header = Compact.message((c) =>
          c
            .i32(1, 0) // DATA_PAGE
            .i32(2, size)
            .i32(3, size)
            .struct(5, (d) => d.i32(1, this.rows.length).i32(2, 0).i32(3, 3).i32(4, 3)),
        );
        const offset = this.offset;
        await this.emit(header);
        for (const p of parts) await this.emit(p);
        chunks.push({ leaf, offset, size: header.byteLength + size, values: this.rows.length });
        bytes += header.byteLength + size;
      }
    }
    this.groups.push({ chunks, rows: this.rows.length, bytes });
    this.totalRows += this.rows.length;
    this.rows = [];
  }

  /** Write what is left and the footer. */
  async close(): Promise<{ rows: number; bytes: number }> {
    await this.flush();
    if (!this.started) {
      await this.emit(MAGIC);
      this.started = true;
    }
    const footer = Compact.message((c) => {
      c.i32(1, 1);
      c.list(2, 'struct', this.schemaElements(), (s, e) => {
        const el = e as { name: string; type?: T; children?: number; utf8?: boolean };
        if (el.type !== undefined) s.i32(1, el.type);
        if (el.children === undefined || el.name !== 'schema') s.i32(3, 0); // REQUIRED
        s.string(4, el.name);
        if (el.children !== undefined) s.i32(5, el.children);
        if (el.utf8) s.i32(6, 0); // converted type UTF8
      });
      c.i64(3, this.totalRows);
      c.list(4, 'struct', this.groups, (g, grp) => {
        const group = grp as { chunks: ChunkMeta[]; rows: number; bytes: number };
        g.list(1, 'struct', group.chunks, (cc, ch) => {
          const chunk = ch as ChunkMeta;
          cc.i64(2, chunk.offset);
          cc.struct(3, (m) =>
            m
              .i32(1, chunk.leaf.physical)
              .list(2, 'i32', [0, 3])
              .list(3, 'string', chunk.leaf.path)
              .i32(4, 0)
              .i64(5, chunk.values)
              .i64(6, chunk.size)
              .i64(7, chunk.size)
              .i64(9, chunk.offset),
          );
        });
        g.i64(2, group.bytes);
        g.i64(3, group.rows);
      });
      const kv = Object.entries(this.options.metadata ?? {});
      if (kv.length) c.list(5, 'struct', kv, (k, pair) => k.string(1, (pair as [string, string])[0]).string(2, (pair as [string, string])[1]));
      c.string(6, 'clip-curator parquet writer');
    });
    await this.emit(footer);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, footer.byteLength, true);
    await this.emit(len);
    await this.emit(MAGIC);
    return { rows: this.totalRows, bytes: this.offset };
  }

  private schemaElements() {
    const out: { name: string; type?: T; children?: number; utf8?: boolean }[] = [{ name: 'schema', children: this.columns.length }];
    for (const c of this.columns) {
      if (c.type === 'image') out.push({ name: c.name, children: 2 }, { name: 'bytes', type: T.BYTE_ARRAY }, { name: 'path', type: T.BYTE_ARRAY, utf8: true });
      else out.push({ name: c.name, type: c.type === 'int64' ? T.INT64 : c.type === 'double' ? T.DOUBLE : T.BYTE_ARRAY, utf8: c.type === 'string' });
    }
    return out;
  }
}
