// The page's one connection to IndexedDB.
import { CuratorDB } from './db.ts';

export const db = new CuratorDB();
