// doctor as other commands use it: the generator ends its run with the working tree's one line.
// Nothing outside doctor/ imports any other file of doctor/.
import { readHostIds } from '../core/host.js';
import { treeSummary } from './report.js';
import { scanTree } from '../core/machine/tree.js';

/** One line when the folder holds files the user running the command does not own; root owns all it needs: nothing to say. */
export function treeLine(folder: string): string | undefined {
  const { uid } = readHostIds();
  return uid === 0 || process.platform === 'win32' ? undefined : treeSummary({ tree: scanTree(folder, uid) });
}
