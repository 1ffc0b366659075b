// Who owns the working tree: every file and folder under the project folder that the host user does
// not own, counted per top-level entry, with a few examples. Containers that ran as root leave
// root-owned node_modules/, __pycache__/, build output and even .git/objects behind; rootless ones
// leave subordinate UIDs (100999); the first run as the host user then fails with EACCES
// (https://github.com/containers/podman/issues/24925). Symlinks are not followed: a link is the
// link's own owner, never its target's.
import fs from 'node:fs';
import path from 'node:path';

export interface FolderOwners {
  /** The top-level entry (`node_modules`, `.git`), or `.` for files at the top. */
  folder: string;
  count: number;
  /** Foreign entries per owner UID. */
  owners: Record<number, number>;
  /** Up to `examples` paths, relative to the project folder. */
  examples: string[];
}

export interface TreeScan {
  /** Entries looked at (the project folder itself excluded). */
  scanned: number;
  /** Entries not owned by `uid`. */
  foreign: number;
  folders: FolderOwners[];
  /** The foreign files at the top (the `.` group), all of them. */
  topFiles: string[];
  /** Folders that could not be listed (a root-owned folder of mode 700): their contents are not counted. */
  unreadable: string[];
  /** Every foreign entry with its owner, when asked for (`all`): what verify compares before and after a run. */
  entries?: Map<string, string>;
}

export function scanTree(root: string, uid: number, { examples = 3, all = false } = {}): TreeScan {
  const scan: TreeScan = { scanned: 0, foreign: 0, folders: [], topFiles: [], unreadable: [], entries: all ? new Map() : undefined };
  const byFolder = new Map<string, FolderOwners>();
  // Entries inside a top-level folder count for it; files at the top are one group, `.`.
  const note = (rel: string, owner: number, dir: boolean) => {
    const folder = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : dir ? rel : '.';
    if (folder === '.') scan.topFiles.push(rel);
    let entry = byFolder.get(folder);
    if (!entry) byFolder.set(folder, (entry = { folder, count: 0, owners: {}, examples: [] }));
    entry.count += 1;
    entry.owners[owner] = (entry.owners[owner] ?? 0) + 1;
    if (entry.examples.length < examples) entry.examples.push(rel);
    scan.foreign += 1;
  };
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      scan.unreadable.push(rel || '.');
      continue;
    }
    for (const dirent of names) {
      const child = rel ? `${rel}/${dirent.name}` : dirent.name;
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(path.join(root, child));
      } catch {
        continue; // removed while we looked
      }
      scan.scanned += 1;
      if (stat.uid !== uid) note(child, stat.uid, dirent.isDirectory());
      if (stat.uid !== uid) scan.entries?.set(child, `${stat.uid}:${stat.gid}`);
      if (dirent.isDirectory()) stack.push(child);
    }
  }
  scan.folders = [...byFolder.values()].sort((a, b) => b.count - a.count || a.folder.localeCompare(b.folder));
  return scan;
}
