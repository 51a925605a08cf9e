// Every export format, in the order the app lists them. Adding a format is one file under writers/ and one line here.

import { imagefolderWriter } from './imagefolder.ts';
import { jsonlWriter } from './jsonl.ts';
import { negclipTsvWriter } from './negclipTsv.ts';
import { openclipCsvWriter } from './openclipCsv.ts';
import { parquetWriter } from './parquet.ts';
import { webdatasetWriter } from './webdataset.ts';

export const EXPORT_WRITERS = [jsonlWriter, openclipCsvWriter, negclipTsvWriter, webdatasetWriter, imagefolderWriter, parquetWriter] as const;
