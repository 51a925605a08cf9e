// Every import format, in the order they read: a file goes to the first reader that matches it, and readers that
// claim images by name run before the lone-image reader. Adding a format is one file and one line here.

import { cocoReader } from './coco.ts';
import { loneImageReader } from './images.ts';
import { parquetReader } from './parquet.ts';
import type { ImportReader } from './reader.ts';
import { tableReader } from './table.ts';
import { textReader } from './texts.ts';
import { webdatasetReader } from './webdataset.ts';

export const IMPORT_READERS: readonly ImportReader[] = [tableReader, cocoReader, parquetReader, webdatasetReader, textReader, loneImageReader];
