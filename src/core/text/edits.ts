// The one way the merges edit text, for YAML, JSONC and Dockerfiles alike: edits are collected
// against one parse of the original text, applied at once, and the result is parsed again to
// verify it. An edit is a splice of the original: [start, end) becomes `text`. Every byte outside
// the edits stays as it was, which is how a merge keeps what it does not own.

export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Insertions at one offset: the higher `order` comes first in the result, then the earlier call. */
  order: number;
}

/** Two edits on one range: a bug in the merge that made them, never in the user's file. */
export class EditConflict extends Error {
  constructor(file: string, a: Edit, b: Edit) {
    super(
      `${file}: two edits overlap at offsets ${a.start}-${a.end} and ${b.start}-${b.end} (a bug in generator-nonroot: please report it)`,
    );
  }
}

export class TextEdits {
  private readonly edits: Edit[] = [];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  splice(start: number, end: number, text: string, order = 0) {
    if (start === end && text === '') return; // inserts nothing: no edit, and no conflict with one around it
    this.edits.push({ start, end, text, order });
  }

  /**
   * The text with every edit applied. At one offset insertions come before a replacement that starts
   * there; an edit that starts inside another one's range is an EditConflict.
   */
  apply(): string {
    const sorted = this.edits
      .map((edit, index) => ({ edit, index }))
      .sort(
        (a, b) =>
          a.edit.start - b.edit.start ||
          Number(a.edit.end > a.edit.start) - Number(b.edit.end > b.edit.start) ||
          b.edit.order - a.edit.order ||
          a.index - b.index,
      );
    let out = '';
    let cursor = 0;
    let previous: Edit | undefined;
    for (const { edit } of sorted) {
      if (edit.start < cursor) throw new EditConflict(this.file, previous!, edit);
      out += this.text.slice(cursor, edit.start) + edit.text;
      cursor = edit.end;
      previous = edit;
    }
    return out + this.text.slice(cursor);
  }

  /** Applies the edits and parses the result with `verify`, which throws when it does not parse. */
  result(verify: (text: string) => void): string {
    if (this.edits.length === 0) return this.text;
    const out = this.apply();
    verify(out);
    return out;
  }
}

/**
 * Indexes grouped into sorted runs of neighbours: {4, 1, 2} -> [[1, 2], [4]]. Removals of items
 * side by side are one edit: two would both take the comma (or line break) between them.
 */
export function runs(indexes: Iterable<number>): number[][] {
  const out: number[][] = [];
  for (const index of [...indexes].sort((a, b) => a - b)) {
    if (out.length > 0 && out.at(-1)!.at(-1) === index - 1) out.at(-1)!.push(index);
    else out.push([index]);
  }
  return out;
}
