// Streaming CSV/TSV reader (RFC 4180 quoting; quoted fields may span lines and keep their line breaks, CRLF
// included). The delimiter is sniffed from the header.

import type { Line } from './lines.ts';

export interface CsvRecord {
  /** Line number the record starts on (the header is line 1). */
  row: number;
  fields?: string[];
  error?: string;
}

/** Pick the delimiter from the header line: OpenCLIP writes tab-separated files with a .csv name. */
export function sniffDelimiter(header: string, fileName: string): string {
  if (fileName.toLowerCase().endsWith('.tsv')) return '\t';
  const tabs = header.split('\t').length - 1;
  const commas = header.split(',').length - 1;
  // Flickr30k's results.csv: "image_name| comment_number| comment".
  const pipes = header.split('|').length - 1;
  if (pipes > 0 && pipes > tabs && pipes > commas) return '|';
  return tabs > 0 && tabs >= commas ? '\t' : ',';
}

/** Parse records from decoded lines. The first record is the header. */
export async function* parseCsv(lines: AsyncIterable<Line>, fileName: string): AsyncGenerator<CsvRecord> {
  let delimiter: string | undefined;
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let startRow = 0;
  let previousEol = '';
  for await (const line of lines) {
    if (line.text === undefined) {
      // A line that is not UTF-8 spoils the record it belongs to; start afresh on the next line.
      yield { row: inQuotes ? startRow : line.row, error: line.encodingError };
      fields = [];
      field = '';
      inQuotes = false;
      continue;
    }
    const text = line.text;
    if (!inQuotes) {
      startRow = line.row;
      if (text.trim() === '') continue;
      delimiter ??= sniffDelimiter(text, fileName);
    } else field += previousEol;
    previousEol = line.eol;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else field += c;
      } else if (c === '"' && field === '') inQuotes = true;
      else if (c === delimiter) {
        fields.push(field);
        field = '';
      } else field += c;
    }
    if (!inQuotes) {
      fields.push(field);
      yield { row: startRow, fields };
      fields = [];
      field = '';
    }
  }
  if (inQuotes) yield { row: startRow, error: 'a quoted field is never closed — add the closing quote' };
}
