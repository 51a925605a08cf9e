// The clip-curator command line: the same core as the app, headless. Each stage reads and writes dataset folders;
// each command is one file under commands/, listed in the table below.

import { runComparePrompts } from './commands/comparePrompts.ts';
import { runDedup } from './commands/dedup.ts';
import { runDemo } from './commands/demo.ts';
import { runDownload } from './commands/download.ts';
import { runEval } from './commands/eval.ts';
import { runExport } from './commands/export.ts';
import { runFetchModel } from './commands/fetchModel.ts';
import { runImport } from './commands/import.ts';
import { runMerge } from './commands/merge.ts';
import { runNegatives } from './commands/negatives.ts';
import { runPlan } from './commands/plan.ts';
import { runRoute } from './commands/route.ts';
import { runScore } from './commands/score.ts';
import { runSearch } from './commands/search.ts';
import { commandUsage, stdio, USAGE, type Io } from './common.ts';
import { abortOpenOutputs } from './outputFolder.ts';

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = {
  import: runImport,
  demo: runDemo,
  score: runScore,
  search: runSearch,
  dedup: runDedup,
  download: runDownload,
  'fetch-model': runFetchModel,
  caption: (args, io) => runRoute('caption', args, io),
  repair: (args, io) => runRoute('repair', args, io),
  generate: (args, io) => runRoute('generate', args, io),
  'compare-prompts': runComparePrompts,
  negatives: runNegatives,
  export: runExport,
  merge: runMerge,
  plan: runPlan,
  eval: runEval,
};

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command ? 0 : 1;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.err(`clip-curator: unknown command "${command}"\n\n${USAGE}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandUsage(command) ?? USAGE);
    return 0;
  }
  try {
    return await run(rest, io);
  } catch (e) {
    // A failed command leaves no partial output folder behind.
    await abortOpenOutputs();
    io.err(`clip-curator ${command}: ${(e as Error).message}`);
    return (e as { exitCode?: number }).exitCode ?? 1;
  }
}
