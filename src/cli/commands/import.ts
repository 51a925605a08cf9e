// `clip-curator import`: read paths with the importers, report, and optionally write a dataset folder.

import { count, kindCounts } from '../../core/words.ts';
import { parse, readInputs, writeFolder, type Io } from '../common.ts';

export async function runImport(args: string[], io: Io): Promise<number> {
  const { positionals: paths, values } = parse(args, { json: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } });
  const inputs = await readInputs(paths);
  const { summary } = inputs;
  if (values.out) await writeFolder(values.out, values.force, inputs, 'import');
  if (values.json) io.out(JSON.stringify({ ...summary, ...(values.out ? { out: values.out } : {}) }));
  else {
    io.out(`imported ${kindCounts(summary.counts)}; ${count(summary.duplicates, 'duplicate image')}`);
    for (const e of summary.errors) io.out(`  ${e.source}${e.row !== undefined ? `:${e.row}` : ''}: ${e.reason}`);
    if (summary.skipped.length)
      io.out(`  skipped ${summary.skipped.length} files of unknown type: ${summary.skipped.slice(0, 5).join(', ')}${summary.skipped.length > 5 ? ', …' : ''}`);
    if (values.out) io.out(`wrote ${values.out}/metadata.jsonl`);
  }
  return 0;
}
