// Every reviewer command, in the order the help overlay lists them. Adding a command is one file and one line here.

import { accept } from './accept.ts';
import { acceptAbove } from './acceptAbove.ts';
import { approveCut } from './approveCut.ts';
import { clearMarks } from './clearMarks.ts';
import { datasetSettings } from './datasetSettings.ts';
import { findDuplicates, keepOnePerDuplicateCluster, keepThisCopy } from './dedupCommands.ts';
import { demo } from './demo.ts';
import { edit } from './edit.ts';
import { evaluate } from './evaluate.ts';
import { exportAccepted } from './exportAccepted.ts';
import { exportTraining } from './exportTraining.ts';
import { help } from './help.ts';
import { mark } from './mark.ts';
import { toggleMap } from './mapCommand.ts';
import { next } from './next.ts';
import { nextInformative } from './nextInformative.ts';
import { openImport } from './openImport.ts';
import { previous } from './previous.ts';
import { keyName, type Command } from './registry.ts';
import { reject } from './reject.ts';
import { rejectBelow } from './rejectBelow.ts';
import { reset } from './reset.ts';
import { revert } from './revert.ts';
import { routeItem } from './routeItem.ts';
import { runRoutes } from './runRoutes.ts';
import { score } from './score.ts';
import { acceptTopResults, moreLikeThis } from './searchCommands.ts';
import { settings } from './settings.ts';
import { showNegatives } from './showNegatives.ts';
import { undo } from './undo.ts';

export type { Command } from './registry.ts';
export type { CommandContext } from './context.ts';
export { keyLabel } from './registry.ts';

const COMMANDS: readonly Command[] = [
  accept,
  reject,
  reset,
  edit,
  undo,
  next,
  previous,
  openImport,
  exportAccepted,
  exportTraining,
  evaluate,
  score,
  acceptAbove,
  rejectBelow,
  nextInformative,
  approveCut,
  runRoutes,
  routeItem,
  mark,
  clearMarks,
  revert,
  moreLikeThis,
  acceptTopResults,
  findDuplicates,
  toggleMap,
  keepThisCopy,
  keepOnePerDuplicateCluster,
  showNegatives,
  datasetSettings,
  demo,
  settings,
  help,
];

for (const [i, c] of COMMANDS.entries()) if (COMMANDS.findIndex((x) => x.id === c.id) !== i) throw new Error(`command ${c.id} is registered twice`);

export function allCommands(): readonly Command[] {
  return COMMANDS;
}

export function commandById(id: string): Command {
  const c = COMMANDS.find((x) => x.id === id);
  if (!c) throw new Error(`no command ${id}`);
  return c;
}

/** The command a key press asks for, if any. */
export function commandForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): Command | undefined {
  if (e.altKey) return undefined;
  const name = keyName(e);
  return COMMANDS.find((c) => c.keys.includes(name));
}
