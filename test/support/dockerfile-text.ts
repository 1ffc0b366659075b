// A Dockerfile's instructions as text, for assertions that read like the file.
import { DockerfileParser } from 'dockerfile-ast';

/** Each instruction of a Dockerfile as one line of text, continuations joined. */
export function instructions(text: string): string[] {
  const lines = text.split('\n');
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((instruction) => {
      const { start, end } = instruction.getRange();
      const raw = lines
        .slice(start.line, end.line + 1)
        .join('\n')
        .slice(start.character);
      return raw
        .slice(0, raw.length - (lines[end.line].length - end.character))
        .replace(/\\\n\s*/g, '')
        .trim();
    });
}
