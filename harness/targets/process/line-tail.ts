/** The last few non-empty output lines of a child, so a failure can be explained in one line. */
export class LineTail {
  readonly #max: number;
  readonly #lines: string[] = [];
  #partial = '';

  constructor(max: number) {
    this.#max = max;
  }

  /** Feeds a chunk; returns the complete lines it finished, for callers watching for a marker. */
  push(chunk: Buffer | string): string[] {
    const parts = (this.#partial + chunk.toString()).split(/\r?\n/);
    this.#partial = parts.pop() ?? '';
    const complete = parts.map((l) => l.trimEnd()).filter((l) => l !== '');
    for (const line of complete) {
      this.#lines.push(line);
      if (this.#lines.length > this.#max) this.#lines.shift();
    }
    return complete;
  }

  lines(): string[] {
    return this.#partial.trim() === '' ? [...this.#lines] : [...this.#lines, this.#partial.trim()];
  }

  /** One line: the tail joined with ` | `, trimmed to a readable length. */
  joined(maxChars = 600): string {
    const text = this.lines().join(' | ');
    return text.length > maxChars ? `…${text.slice(text.length - maxChars)}` : text || '(no output)';
  }
}
