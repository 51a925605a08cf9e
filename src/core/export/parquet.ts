// Streaming Parquet for exports, through hyparquet-writer: rows are gathered into row groups, each written (Snappy
// compressed, with statistics) and handed to the sink as it fills, so 100,000 rows with their images never sit in
// memory together. Besides plain columns it writes the Hugging Face datasets Image struct ({bytes, path}) and lists
// (of floats, or of records) as real nested Parquet lists that Arrow, pandas and `datasets` read as lists.

import { ByteWriter, ParquetWriter as HyparquetWriter } from 'hyparquet-writer';

type Scalar = 'string' | 'int64' | 'double';

export type ParquetColumn =
  | { name: string; type: 'string' }
  | { name: string; type: 'binary' }
  | { name: string; type: 'int64' }
  | { name: string; type: 'double' }
  /** A struct of two fields, as `datasets` stores an Image: {bytes: binary, path: string}. */
  | { name: string; type: 'image' }
  /** A list of 32-bit floats (an embedding). */
  | { name: string; type: 'floats' }
  /** A list of records with these fields; a field a record lacks is null. */
  | { name: string; type: 'records'; fields: { name: string; type: Scalar }[] };

export type ParquetValue =
  | string
  | Uint8Array
  | number
  | bigint
  | { bytes: Uint8Array; path: string }
  | Float32Array
  | Record<string, string | number | null | undefined>[];

type SchemaElement = ConstructorParameters<typeof HyparquetWriter>[0]['schema'][number];

const leaf = (name: string, type: 'BYTE_ARRAY' | 'INT64' | 'DOUBLE' | 'FLOAT', repetition: 'REQUIRED' | 'OPTIONAL', utf8 = false): SchemaElement => ({
  name,
  type,
  repetition_type: repetition,
  ...(utf8 ? { converted_type: 'UTF8' as const } : {}),
});

const scalarLeaf = (name: string, type: Scalar, repetition: 'REQUIRED' | 'OPTIONAL') =>
  type === 'string' ? leaf(name, 'BYTE_ARRAY', repetition, true) : leaf(name, type === 'int64' ? 'INT64' : 'DOUBLE', repetition);

/** A column's schema elements, in Parquet's depth-first order (lists in the standard three-level form). */
function schemaOf(c: ParquetColumn): SchemaElement[] {
  switch (c.type) {
    case 'string':
    case 'int64':
    case 'double':
      return [scalarLeaf(c.name, c.type, 'REQUIRED')];
    case 'binary':
      return [leaf(c.name, 'BYTE_ARRAY', 'REQUIRED')];
    case 'image':
      return [
        { name: c.name, repetition_type: 'REQUIRED', num_children: 2 },
        leaf('bytes', 'BYTE_ARRAY', 'OPTIONAL'),
        leaf('path', 'BYTE_ARRAY', 'OPTIONAL', true),
      ];
    case 'floats':
      return [
        { name: c.name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        leaf('element', 'FLOAT', 'REQUIRED'),
      ];
    case 'records':
      return [
        { name: c.name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', repetition_type: 'REQUIRED', num_children: c.fields.length },
        ...c.fields.map((f) => scalarLeaf(f.name, f.type, 'OPTIONAL')),
      ];
  }
}

/** The value as hyparquet-writer takes it for the column's schema. */
function toWritable(c: ParquetColumn, v: ParquetValue): unknown {
  switch (c.type) {
    case 'int64':
      return BigInt(v as number | bigint);
    case 'floats':
      return Array.from(v as Float32Array);
    case 'records':
      return (v as Record<string, string | number | null | undefined>[]).map((r) =>
        Object.fromEntries(
          c.fields.map((f) => [f.name, r[f.name] === undefined || r[f.name] === null ? null : f.type === 'int64' ? BigInt(r[f.name] as number) : r[f.name]]),
        ),
      );
    default:
      return v;
  }
}

/** A ByteWriter whose bytes go to the sink after each row group (and at the end), instead of growing without bound. */
class SinkWriter extends ByteWriter {
  constructor(private readonly out: (chunk: Uint8Array) => Promise<void> | void) {
    super(1 << 20);
  }
  drain(): Promise<void> | void {
    if (this.index === 0) return;
    const chunk = new Uint8Array(this.buffer.slice(0, this.index));
    this.index = 0;
    return this.out(chunk);
  }
  flush() {
    return this.drain();
  }
}

export class ParquetWriter {
  private readonly writer: SinkWriter;
  private readonly parquet: HyparquetWriter;
  private rows: ParquetValue[][] = [];
  private readonly rowGroupSize: number;

  constructor(
    private readonly columns: ParquetColumn[],
    out: (chunk: Uint8Array) => Promise<void> | void,
    options: { rowGroupSize?: number; metadata?: Record<string, string> } = {},
  ) {
    this.rowGroupSize = options.rowGroupSize ?? 1024;
    this.writer = new SinkWriter(out);
    this.parquet = new HyparquetWriter({
      writer: this.writer,
      schema: [{ name: 'schema', num_children: columns.length }, ...columns.flatMap(schemaOf)],
      codec: 'SNAPPY',
      kvMetadata: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      createdBy: 'clip-curator',
    });
  }

  async add(row: ParquetValue[]): Promise<void> {
    if (row.length !== this.columns.length) throw new Error(`a Parquet row needs ${this.columns.length} values, got ${row.length}`);
    this.rows.push(row);
    if (this.rows.length >= this.rowGroupSize) await this.flushRowGroup();
  }

  private async flushRowGroup() {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    const columnData = this.columns.map((c, i) => ({ name: c.name, data: rows.map((r) => toWritable(c, r[i])) }));
    // biome-ignore lint/suspicious/noExplicitAny: hyparquet-writer types column data as its DecodedArray union; nested columns are plain arrays of objects
    await this.parquet.write({ columnData: columnData as any, rowGroupSize: rows.length });
    await this.writer.drain();
  }

  async close(): Promise<void> {
    await this.flushRowGroup();
    await this.parquet.finish();
    await this.writer.drain();
  }
}
