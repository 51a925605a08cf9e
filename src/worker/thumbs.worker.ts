// Thumbnails as object URLs, made in a worker of their own: the page gets the URL (a string) and never the blob. On
// the page, the read from IndexedDB and URL.createObjectURL for each image scrolled into the grid took ~180 ms of
// every two seconds of scrolling at a million items, inside the frames. A URL made here is good in the page (same
// origin) for as long as this worker lives or until the page releases it.

import * as Comlink from 'comlink';
import { CuratorDB } from '../persist/db.ts';
import { thumbnailBlobs } from '../persist/images.ts';
import { thumbUrls } from './thumbsProtocol.ts';

const db = new CuratorDB();

Comlink.expose(thumbUrls((hashes) => thumbnailBlobs(db, hashes)));
