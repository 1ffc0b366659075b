// Edits to a Dockerfile on the edit protocol (edits.ts): whole lines (the generator's blocks) and
// spans of one line (a --chown, a USER, a renamed owner) are collected against one View, applied
// at once, and the result is parsed again as the next View. Inserted lines take the file's own
// line ending (CRLF stays CRLF), and a file without a final newline keeps none.
import { View } from '../dockerfile/view.js';
import { TextEdits } from './edits.js';

export class DockerfileText {
  private readonly edits: TextEdits;
  /** Offset of each line's first character, and one past the end. */
  private readonly starts: number[] = [0];
  /** The file has no final newline: it is edited as if it had one, which the result drops again. */
  private readonly open: boolean;

  constructor(readonly view: View) {
    this.open = !view.text.endsWith('\n');
    // In a CRLF file the last line gets `\r` too: lines added after it must not leave it half CRLF.
    const last = this.open && view.crlf ? '\r\n' : '\n';
    this.edits = new TextEdits(this.open ? `${view.text}${last}` : view.text, view.file);
    for (const line of view.lines) this.starts.push(this.starts.at(-1)! + line.length + 1);
    if (this.open && view.crlf) this.starts[this.starts.length - 1] += 1;
  }

  /** Replaces `count` lines from `line` (0-based) by `lines`; with `count` 0, inserts them before `line`. */
  replaceLines(line: number, count: number, lines: string[]) {
    const eol = this.view.crlf ? '\r\n' : '\n';
    this.edits.splice(this.starts[line], this.starts[line + count], lines.map((l) => `${l.replace(/\r$/, '')}${eol}`).join(''));
  }

  /** Replaces characters [start, end) of one line (0-based, as dockerfile-ast's ranges count them). */
  replaceSpan(line: number, start: number, end: number, text: string) {
    this.edits.splice(this.starts[line] + start, this.starts[line] + end, text);
  }

  /** The end of a line's text, before its `\r` in a CRLF file. */
  lineEnd(line: number): number {
    return this.view.lines[line].replace(/\r$/, '').length;
  }

  /** The edited file as a new View; parsing it is the check that the edits left a Dockerfile. */
  result(): View {
    const text = this.edits.apply();
    return new View(this.open ? text.replace(/\r?\n$/, '') : text, this.view.file);
  }
}
