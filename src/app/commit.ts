// Yeoman's commit (yeoman-environment commitSharedFsTask) minus its `forceYoFiles()` step, which
// marks every pending .yo-rc.json `force`, so a first run logged `force .yo-rc.json`. Each file is
// logged as what happens to it: create, identical (not rewritten, even with --force), force or
// conflict only when an existing file really changes. Yeoman's own files still never prompt.
import fs from 'node:fs';
import type Generator from 'yeoman-generator';
import { createConflicterTransform, createYoResolveTransform, type ConflicterFile, type ConflicterOptions } from '@yeoman/conflicter';

const YO_FILE = /(^|[\\/])\.yo-(rc\.json|rc-global\.json|resolve)$/;

/** The file as it is on disk, or undefined when missing or a folder (the conflicter's call). */
function onDisk(path: string) {
  try {
    return { contents: fs.readFileSync(path), mode: fs.statSync(path).mode };
  } catch {
    return undefined;
  }
}

function truthfulStatus(dryRun: boolean) {
  return async function* (files: AsyncIterable<ConflicterFile>) {
    for await (const file of files) {
      // A status from .yo-resolve wins; deletions are left to the conflicter.
      if (!file.conflicter && file.state === 'modified' && file.contents) {
        const disk = onDisk(file.path);
        const same = disk?.contents.equals(file.contents) && (file.stat?.mode == null || file.stat.mode === disk.mode);
        if (same) file.conflicter = 'identical';
        else if (disk && YO_FILE.test(file.path) && !dryRun) file.conflicter = 'force';
      }
      yield file;
    }
  };
}

export async function commit(generator: Generator) {
  const env = generator.env as unknown as {
    adapter: Parameters<typeof createConflicterTransform>[0];
    conflicterOptions?: ConflicterOptions;
  };
  const options = env.conflicterOptions ?? {};
  // this.fs.commit: pending files only, then mem-fs-editor's commit transform (as yeoman's).
  await generator.fs.commit(
    createYoResolveTransform(),
    truthfulStatus(Boolean(options.dryRun)),
    createConflicterTransform(env.adapter, options),
  );
}
