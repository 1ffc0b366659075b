// A parsed, read-only view of a Dockerfile's text for the merge: its lines, its stages (the file's
// own, not the builder stages the generator adds) and the generator's marked blocks, each tied to
// the stage it serves. dockerfile-ast finds instructions, stages and comments; a View never
// changes: edits (core/text/dockerfile.ts) are collected against it and make a new View.
import { DockerfileParser, type Dockerfile, type From, type Instruction } from 'dockerfile-ast';
import { InputError } from '../errors.js';

export const START = '# >>> generator-nonroot:';
export const END = '# <<< generator-nonroot';

export interface Block {
  name: string;
  /** First and last line (0-based) of the block, its markers included. */
  start: number;
  end: number;
  /** Index of the stage it serves (a builder block serves the stage whose FROM follows it). */
  stage: number;
}

export interface Stage {
  index: number;
  from: From;
  /** `AS name`, lower-cased as Docker compares them. */
  name?: string;
  /** The image at the root of the FROM chain (`FROM base` follows stage `base`); ARG defaults applied. */
  image: string;
  /** The earlier stage this one is built FROM (`FROM base AS dev`), if any. */
  parent?: number;
  /** Lines (0-based) of the FROM and of the last line before the next stage's FROM or block. */
  start: number;
  end: number;
}

export class View {
  readonly lines: string[];
  readonly df: Dockerfile;
  readonly blocks: Block[];
  readonly stages: Stage[];

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    this.lines = text.split('\n');
    this.df = DockerfileParser.parse(text);
    const found = this.findBlocks();
    const inBlock = (line: number) => found.some((b) => line >= b.start && line <= b.end);
    const froms = this.df.getFROMs().filter((f) => !inBlock(f.getRange().start.line));
    if (froms.length === 0)
      throw new InputError([`${file}:1: no FROM instruction — is this a Dockerfile? Fix or move it aside and run again`]);
    const args = this.globalArgs();
    this.stages = [];
    froms.forEach((from, index) => {
      const start = from.getRange().start.line;
      const next = froms[index + 1]?.getRange().start.line ?? this.lines.length;
      // A builder block sits right above the next stage's FROM: it is not this stage's content.
      const before = found.filter((b) => b.name === 'builder' && b.end < next && b.start > start).map((b) => b.start);
      const end = Math.min(next, ...before) - 1;
      const name = from.getBuildStage()?.toLowerCase() ?? undefined;
      const raw = substitute(from.getImage() ?? '', args);
      const parent = this.stages.find((s) => s.name === raw.toLowerCase());
      this.stages.push({ index, from, name, image: parent ? parent.image : raw, parent: parent?.index, start, end });
    });
    this.blocks = found.map((b) => ({ ...b, stage: this.stageOf(b) }));
  }

  /** The stage a block serves: the one whose lines hold it, or for a builder, the one after it. */
  private stageOf(block: { name: string; start: number; end: number }) {
    if (block.name === 'builder') return this.stages.find((s) => s.start > block.end)?.index ?? this.stages.length - 1;
    return [...this.stages].reverse().find((s) => s.start < block.start)?.index ?? 0;
  }

  private findBlocks() {
    const found: { name: string; start: number; end: number }[] = [];
    let open: { name: string; start: number } | undefined;
    for (const comment of this.df.getComments()) {
      const line = comment.getRange().start.line;
      const text = this.lines[line].trim();
      if (text.startsWith(START)) open = { name: text.slice(START.length).split(/[\s—]/)[0], start: line };
      else if (text.startsWith(END) && open) {
        found.push({ ...open, end: line });
        open = undefined;
      }
    }
    return found;
  }

  /** ARG defaults declared before the first FROM: they may name the base image. */
  private globalArgs(): Record<string, string> {
    const first = this.df.getFROMs()[0]?.getRange().start.line ?? 0;
    const args: Record<string, string> = {};
    for (const instruction of this.df.getInstructions()) {
      if (instruction.getRange().start.line >= first) break;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=("?)(.*)\2$/.exec(instruction.getArgumentsContent() ?? '');
      if (instruction.getKeyword() === 'ARG' && match) args[match[1]] = match[3];
    }
    return args;
  }

  blocksOf(stage: number) {
    return this.blocks.filter((r) => r.stage === stage);
  }

  block(stage: number, name: string) {
    return this.blocks.find((r) => r.stage === stage && r.name === name);
  }

  private inBlock(line: number) {
    return this.blocks.some((r) => line >= r.start && line <= r.end);
  }

  /** A stage's instructions, FROM excluded: its own, or with `blocks`, the generator's blocks' too. */
  instructions(stage: Stage, { blocks = false } = {}): Instruction[] {
    return this.df.getInstructions().filter((i) => {
      const line = i.getRange().start.line;
      return line > stage.start && line <= stage.end && (blocks || !this.inBlock(line));
    });
  }

  /** Stages by name or, for undefined, the last one; undefined when no stage has that name. */
  stage(target: string | undefined): Stage | undefined {
    return target === undefined ? this.stages.at(-1) : this.stages.find((s) => s.name === target.toLowerCase());
  }

  /** A CRLF file stays CRLF: lines the generator writes get the file's line ending too. */
  get crlf() {
    return this.text.includes('\r\n');
  }
}

/** `${NAME}`, `${NAME:-default}` and `$NAME` from ARG defaults; unknown names stay as written. */
function substitute(image: string, args: Record<string, string>) {
  return image.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, fallback, bare) => {
    const name = braced ?? bare;
    return args[name] ?? fallback ?? whole;
  });
}
