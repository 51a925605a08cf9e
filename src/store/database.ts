// The page's one connection to IndexedDB.
import { CuratorDB } from '../persist/db.ts';

export const db = new CuratorDB();
